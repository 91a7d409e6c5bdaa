"""Court-document pages: a case's documents, the editor (sections, versions, sign), and the public check (/verify)."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from court.accounts.policy import Action, Principal, decide
from court.cases import registration
from court.cases import service as cases
from court.documents import service
from court.documents.kinds import DocumentKind
from court.documents.web import MAX_VERIFY_BYTES
from court.errors import InvalidInput, NotFound, PayloadTooLarge
from court.web.access import PageController, optional_page_principal
from court.web.csrf import check_token
from court.web.templating import page

SECTION_FIELD = "section:"


class DocumentPages(PageController):
    """The judge's and the clerk's screens over court documents."""

    path = "/"

    @get("/cases/{case_id:int}/documents")
    async def case_documents(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], case_id: FromPath[int]
    ) -> Template:
        case = await registration.case_view(
            int((await cases.authorize(principal, Action.VIEW, case_id))["id"])
        )
        documents = await service.list_documents(principal, case_id)
        base = await cases.resource_of(case)
        draftable = [
            k
            for k in DocumentKind
            if decide(
                principal,
                Action.DRAFT,
                await service.document_resource(case, status="draft", kind=k, base=base),
            ).allowed
        ]
        return page(request, "documents/case_documents.html", case=case, documents=documents, kinds=draftable)

    @post("/cases/{case_id:int}/documents")
    async def draft(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], case_id: FromPath[int]
    ) -> Redirect:
        form = await _form(request)
        document = await service.create_document(principal, case_id, form.get("kind", ""))
        return Redirect(f"/documents/{document['id']}")

    @get("/documents/{document_id:int}")
    async def document(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        document_id: FromPath[int],
    ) -> Template:
        document, case = await service.authorize(principal, Action.VIEW, document_id)
        view = await service.document_view(document_id)
        resource = await service.document_resource(case, status=document["status"], kind=document["kind"])
        return page(
            request,
            "documents/document.html",
            document=view,
            case=case,
            can_edit=view["status"] == "draft" and decide(principal, Action.DRAFT, resource).allowed,
            can_sign=view["status"] == "draft" and decide(principal, Action.SIGN, resource).allowed,
            saved=request.query_params.get("saved") == "1",
        )

    @post("/documents/{document_id:int}/versions")
    async def save(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        document_id: FromPath[int],
    ) -> Redirect:
        form = await _form(request)
        texts = {k[len(SECTION_FIELD) :]: v for k, v in form.items() if k.startswith(SECTION_FIELD)}
        await service.save_version(
            principal, document_id, base_version=_int(form.get("base_version")), texts=texts
        )
        return Redirect(f"/documents/{document_id}?saved=1")

    @post("/documents/{document_id:int}/sign")
    async def sign(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        document_id: FromPath[int],
    ) -> Redirect:
        form = await _form(request)
        await service.sign_document(
            principal, request.app.state.runtime, document_id, version=_int(form.get("version"))
        )
        return Redirect(f"/documents/{document_id}")


class VerifyPages(PageController):
    """The public check of a signed document (文书核验): anyone, signed in or not."""

    path = "/verify"
    dependencies = {"viewer": Provide(optional_page_principal)}

    @get("/")
    async def verify_form(
        self,
        request: Request[Any, Any, Any],
        viewer: NamedDependency[Principal | None],
        code: FromQuery[str | None] = None,
    ) -> Template:
        result = None
        if code:
            if len(code) > 64:
                raise InvalidInput("a verification code has 16 letters and digits", field="code")
            try:
                result = await service.verify_code(request.app.state.runtime, code)
            except NotFound:
                return page(
                    request,
                    "documents/verify.html",
                    code=code,
                    result=None,
                    unknown_code=True,
                    status_code=404,
                )
        return page(request, "documents/verify.html", code=code or "", result=result, unknown_code=False)

    @post("/", request_max_body_size=MAX_VERIFY_BYTES)
    async def verify_upload(
        self, request: Request[Any, Any, Any], viewer: NamedDependency[Principal | None]
    ) -> Template:
        form = await request.form()
        check_token(request, form.get("csrf_token") if isinstance(form.get("csrf_token"), str) else None)
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise InvalidInput("choose the PDF to check", field="file")
        data = await upload.read(MAX_VERIFY_BYTES + 1)
        if len(data) > MAX_VERIFY_BYTES:
            raise PayloadTooLarge("the PDF is larger than 20 MiB")
        if not data:
            raise InvalidInput("the file is empty", field="file")
        result = await service.verify_upload(request.app.state.runtime, data)
        return page(
            request,
            "documents/verify.html",
            code="",
            result=result,
            unknown_code=False,
            uploaded=upload.filename,
        )


async def _form(request: Request[Any, Any, Any]) -> dict[str, str]:
    from court.web.csrf import check_form

    return await check_form(request)


def _int(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError:
        raise InvalidInput("the form's version is missing; reload the page", field="version") from None
