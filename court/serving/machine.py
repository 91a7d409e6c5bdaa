"""The states of a service (送达) and of each attempt on one channel, declared as data for court.statemachine."""

from __future__ import annotations

from enum import StrEnum

from court.statemachine import Machine


class ServiceStatus(StrEnum):
    PENDING = "pending"  # 送达中: an attempt is under way or waiting for its channel
    SERVED = "served"  # 已送达: one attempt's delivery event fixed the served date
    FAILED = (
        "failed"  # 送达不能: every chosen channel bounced (the judge decides what next, e.g. publication)
    )


class AttemptStatus(StrEnum):
    PENDING = "pending"  # 待发送: its job has not yet handed the document to the channel (or is retrying)
    SENT = "sent"  # 已发出: handed over, the delivery event not yet known (SMS sent, EMS posted, notice published)
    DELIVERED = "delivered"  # 已送达: reached the recipient's system / hands (CPL Art 90 para 2)
    BOUNCED = "bounced"  # 退回: refused or never confirmed; the service falls back to the next channel


class Channel(StrEnum):
    INBOX = "inbox"  # 诉讼服务平台 (the party's inbox in the litigant portal)
    EMAIL = "email"  # 电子邮件
    SMS = "sms"  # 手机短信
    POSTAL = "postal"  # 邮寄送达 (EMS)
    IN_PERSON = "in_person"  # 直接送达
    LEFT_AT_ADDRESS = "left_at_address"  # 留置送达 (CPL Art 89)
    PUBLICATION = "publication"  # 公告送达 (CPL Art 95)


# CPL Art 90: electronic service only with the recipient's consent; these channels need it.
ELECTRONIC = frozenset({Channel.INBOX, Channel.EMAIL, Channel.SMS})
# Channels whose attempt a clerk records by hand (no job reaches a system of the recipient).
RECORDED_BY_CLERK = frozenset({Channel.POSTAL, Channel.IN_PERSON, Channel.LEFT_AT_ADDRESS})

SERVICE = Machine(
    name="service",
    table="court.serving.tables:Service",
    transitions={
        ServiceStatus.PENDING: frozenset({ServiceStatus.SERVED, ServiceStatus.FAILED}),
        ServiceStatus.SERVED: frozenset(),
        ServiceStatus.FAILED: frozenset(),
    },
    initial=frozenset({ServiceStatus.PENDING}),
    subject_type="service",
    events={
        "service.created": ServiceStatus.PENDING,
        "service.served": ServiceStatus.SERVED,
        "service.failed": ServiceStatus.FAILED,
    },
)

# An attempt has one outcome: delivered or bounced, never both, never twice (parallel callbacks race on the CAS).
SERVICE_ATTEMPT = Machine(
    name="service_attempt",
    table="court.serving.tables:ServiceAttempt",
    transitions={
        AttemptStatus.PENDING: frozenset(
            {AttemptStatus.SENT, AttemptStatus.DELIVERED, AttemptStatus.BOUNCED}
        ),
        AttemptStatus.SENT: frozenset({AttemptStatus.DELIVERED, AttemptStatus.BOUNCED}),
        AttemptStatus.DELIVERED: frozenset(),
        AttemptStatus.BOUNCED: frozenset(),
    },
    initial=frozenset({AttemptStatus.PENDING}),
    subject_type="service_attempt",
    events={
        "service_attempt.created": AttemptStatus.PENDING,
        "service_attempt.sent": AttemptStatus.SENT,
        "service_attempt.delivered": AttemptStatus.DELIVERED,
        "service_attempt.bounced": AttemptStatus.BOUNCED,
    },
)
