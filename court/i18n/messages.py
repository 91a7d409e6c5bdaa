"""The message catalogue of errors and API texts, keyed by stable codes (zh_CN first, en second)."""

MESSAGES: dict[str, dict[str, str]] = {
    "court_error": {"zh_CN": "请求无法处理", "en": "The request could not be processed"},
    "invalid_setting": {"zh_CN": "配置错误", "en": "Invalid configuration"},
    "invalid_input": {"zh_CN": "提交的信息有误", "en": "Some information in the request is invalid"},
    "not_found": {"zh_CN": "未找到所请求的内容", "en": "Not found"},
    "conflict": {"zh_CN": "操作与当前状态冲突", "en": "The request conflicts with the current state"},
    "not_authenticated": {"zh_CN": "请先登录", "en": "Please sign in"},
    "permission_denied": {"zh_CN": "您无权进行此操作", "en": "You may not do this"},
    "invalid_document": {"zh_CN": "上传的文件未通过检查", "en": "The uploaded document failed its checks"},
    "payload_too_large": {"zh_CN": "上传内容超过大小限制", "en": "The upload is larger than allowed"},
    "not_competent": {"zh_CN": "无法确定管辖法院", "en": "No competent court could be determined"},
    "deadline_passed": {"zh_CN": "期限已过", "en": "The time limit has passed"},
    "service_unavailable": {"zh_CN": "服务暂时不可用，请稍后重试", "en": "A service is temporarily unavailable; try again"},
    "no_eligible_judge": {"zh_CN": "没有可分配的承办法官", "en": "No eligible judge can take the case"},
    "judge_recused": {"zh_CN": "该法官应当回避，不能承办本案", "en": "The judge must withdraw from this case"},
    "malformed_request": {"zh_CN": "请求格式错误", "en": "The request is malformed"},
    "method_not_allowed": {"zh_CN": "不支持该请求方法", "en": "Method not allowed"},
    "rate_limited": {"zh_CN": "请求过于频繁，请稍后再试", "en": "Too many requests; try again later"},
    "csrf_failed": {"zh_CN": "页面已过期或请求来源不明，请刷新页面后重试", "en": "The page has expired or the request's origin is unknown; reload the page and try again"},
    "insufficient_funds": {"zh_CN": "执行款专户余额不足", "en": "The custody account does not hold enough for this payment"},
    "internal_error": {"zh_CN": "系统内部错误，已记录", "en": "Internal error; it has been logged"},
}
