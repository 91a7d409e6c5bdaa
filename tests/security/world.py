"""One seeded court for the security tests, built once per session and copied per test (SQLite file + blobs).

Beside the demo data (court.demo) it holds what every route needs to be exercised at 浙0106 (西湖), the court of
the demo staff: a case registered there with litigant.wang as party and judge.xihu assigned, a filing forwarded
to 浙0106 from 浙0602, a property and control measure and a notice in the demo matter, a registered terminal with
its operator signed in on it and a filing made there, an open upload session, and a bearer token per role.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import shutil
import sqlite3
import tempfile
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from court.bootstrap import Runtime
from testkit.settings import SECRET, make_settings
from tests.conftest import start_runtime

ROLE_USERS: dict[str, str] = {
    "litigant": "litigant.wang",
    "lawyer": "lawyer.li",
    "clerk": "clerk.xihu",
    "judge": "judge.xihu",
    "enforcement_officer": "enforcer.xihu",
    "court_leader": "leader.xihu",
    "agency_officer": "bank.officer",
    "terminal_operator": "operator.shangtian",
    "administrator": "admin",
}
ROLES = (*ROLE_USERS, "anonymous")


@dataclass
class World:
    folder: Path
    ids: dict[str, Any] = field(default_factory=dict)  # path-parameter values by name
    tokens: dict[str, str] = field(default_factory=dict)  # role -> bearer/session token
    users: dict[str, int] = field(default_factory=dict)  # username -> id


def _pdf(text: str) -> bytes:
    from court.demo.filings import _complaint_pdf

    return _complaint_pdf(["民事起诉状", text, "此致"])


async def _principal(username: str, terminal_id: int | None = None) -> Any:
    from court.accounts.service import principal_of
    from court.accounts.tables import User

    return principal_of(await User.select().where(User.username == username).first(), terminal_id=terminal_id)


async def _file(
    runtime: Runtime, filer: Any, court: str, defendant_address: str, *, submit: bool = True
) -> int:
    from court.filing import service
    from court.filing.schemas import ClaimIn, FilingIn, PartyIn

    data = FilingIn(
        receiving_court_code=court,
        cause_name="民间借贷纠纷",
        amount_in_dispute="50000",
        summary="security-world",
        parties=[
            PartyIn(
                role="plaintiff",
                name="王丽华",
                id_number="330105198307161627",
                address="浙江省杭州市拱墅区湖墅南路218号",
            ),
            PartyIn(role="defendant", name="陈建国", address=defendant_address),
        ],
        claims=[ClaimIn(text="判令被告归还借款50000元", amount="50000")],
    )
    fid = await service.create_filing(filer, data)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "complaint.pdf"
        path.write_bytes(_pdf("原告王丽华诉被告陈建国民间借贷纠纷"))
        await service.add_document(
            filer, runtime, fid, path, filename="民事起诉状.pdf", declared_kind="complaint"
        )
    if submit:
        await service.submit_filing(filer, fid)
    return fid


async def _build(folder: Path) -> World:
    from court.accounts.service import sign_in
    from court.accounts.tables import User
    from court.cases.registration import register_filing
    from court.cases.service import assign_case
    from court.db import close_pool
    from court.demo import DEMO_PASSWORD, load_demo_data
    from court.execution.notices import NoticeKind, issue_notice
    from court.execution.tables import AgencyTaskRow, ControlMeasureRow, EnforcementMatter, MatterProperty
    from court.filing import uploads
    from court.filing.tables import Filing, FilingDocument
    from court.jobs.tables import OutboxJob
    from court.reference.service import load_reference_data
    from court.routing.workflow import forward
    from court.terminals import service as terminals

    runtime = await start_runtime(make_settings(f"sqlite:{folder / 'court.sqlite3'}", folder))
    world = World(folder)
    try:
        await load_reference_data()
        await load_demo_data(runtime)
        for row in await User.select(User.id, User.username):
            world.users[row["username"]] = int(row["id"])
        wang = await _principal("litigant.wang")
        ids = world.ids
        demo = "【演示数据】%"
        submitted = (
            await Filing.select(Filing.id)
            .where(
                (Filing.status == "submitted")
                & (Filing.receiving_court_code == "浙0106")
                & Filing.summary.like(demo)
            )
            .first()
        )
        draft = (
            await Filing.select(Filing.id)
            .where((Filing.status == "draft") & Filing.summary.like(demo))
            .first()
        )
        ids["submitted_filing"] = int(submitted["id"])
        ids["draft_filing"] = int(draft["id"])
        doc = (
            await FilingDocument.select(FilingDocument.id)
            .where(FilingDocument.filing == ids["submitted_filing"])
            .first()
        )
        ids["submitted_document"] = int(doc["id"])
        ids["page_one"] = 1  # a page number (the demo document has no OCR'd page: 404 to whoever may read it)
        # The submitted filing routed as its route_filing job would (jobs do not run here), so its review page shows
        # the engine's reasons; its competent court is left as it was, so the rest of the world is unchanged.
        from court.routing.workflow import route

        kept = (
            await Filing.select(Filing.competent_court_code)
            .where(Filing.id == ids["submitted_filing"])
            .first()
        )
        await route(ids["submitted_filing"])
        await Filing.update({Filing.competent_court_code: kept["competent_court_code"]}).where(
            Filing.id == ids["submitted_filing"]
        )

        # A case of 西湖 (浙0106) with wang as party and judge.xihu assigned.
        clerk = await _principal("clerk.xihu")
        case_filing = await _file(runtime, wang, "浙0106", "浙江省杭州市西湖区文三路90号")
        case = await register_filing(clerk, case_filing)
        ids["case"] = int(case["id"])
        await assign_case(
            clerk, ids["case"], judge_id=world.users["judge.xihu"], reason="security test fixture"
        )
        # Its fee (缴费): a pending order at the simulated payment platform, opened by wang.
        from court.payments.platform import platform_for
        from court.payments.service import start_payment

        ids["payment_platform"] = "simulated"
        ids["fee_order"] = (await start_payment(wang, ids["case"], platform_for(runtime.settings)))[
            "order_no"
        ]
        # Its court documents: a draft judgment by the judge, and a fee notice the clerk has signed (电子签章).
        from court.documents import service as documents

        judge = await _principal("judge.xihu")
        ids["draft_judgment"] = int((await documents.create_document(judge, ids["case"], "judgment"))["id"])
        notice = await documents.create_document(clerk, ids["case"], "fee_notice")
        signed = await documents.sign_document(clerk, runtime, int(notice["id"]), version=1)
        ids["signed_notice"] = int(signed["id"])
        ids["verification_code"] = signed["verification_code"]
        # The judge's workbench: a courtroom of the court, a hearing booked in it, and an extension the judge asked for.
        from court.cases import workbench
        from court.cases.service import add_courtroom, schedule_hearing

        leader = await _principal("leader.xihu")
        ids["courtroom"] = await add_courtroom(leader, "安全测试法庭")
        starts = datetime(2030, 3, 4, 1, 0, tzinfo=UTC)
        ids["hearing"] = await schedule_hearing(
            judge,
            ids["case"],
            courtroom_id=ids["courtroom"],
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
        )
        ids["limit_request"] = await workbench.request_change(
            judge, ids["case"], workbench.RequestKind.EXTENSION, reason="案情复杂", months=3
        )
        # Its service (送达): wang (plaintiff) consents and is served the notice in its portal inbox; the defendant
        # is to be served in person, an attempt a clerk records.
        from court.cases.tables import CaseParty
        from court.jobs.runners import run_job
        from court.serving import flow as serving

        case_parties = {
            r["role"]: int(r["id"])
            for r in await CaseParty.select(CaseParty.id, CaseParty.role).where(CaseParty.case == ids["case"])
        }
        ids["plaintiff"], ids["defendant"] = case_parties["plaintiff"], case_parties["defendant"]
        await serving.set_address(
            wang, ids["plaintiff"], serving.AddressIn(email="wang@example.cn", consent_electronic=True)
        )
        [inbox] = await serving.serve_document(
            clerk, ids["signed_notice"], serving.ServeIn(parties=[ids["plaintiff"]], channels=["inbox"])
        )
        await run_job(int(inbox["attempts"][0]["job_id"]), runtime)
        ids["served_attempt"] = int(inbox["attempts"][0]["id"])
        [by_hand] = await serving.serve_document(
            clerk, ids["signed_notice"], serving.ServeIn(parties=[ids["defendant"]], channels=["in_person"])
        )
        ids["service"] = int(by_hand["id"])
        ids["clerk_attempt"] = int(by_hand["attempts"][0]["id"])
        # Its appeal (上诉): a judgment signed and served on wang in person today, appealed by wang to 浙01, the
        # appeal fee still to pay (court.appeals).
        from court.appeals import service as appeals
        from court.cases.service import court_today

        appealed = await documents.create_document(judge, ids["case"], "judgment")
        appealed = await documents.sign_document(judge, runtime, int(appealed["id"]), version=1)
        [judgment_service] = await serving.serve_document(
            clerk, int(appealed["id"]), serving.ServeIn(parties=[ids["plaintiff"]], channels=["in_person"])
        )
        await serving.record_by_clerk(
            clerk,
            int(judgment_service["attempts"][0]["id"]),
            serving.RecordIn(
                outcome="delivered", served_on=court_today() - timedelta(days=1), receipt_signed_by="王丽华"
            ),
        )
        ids["appeal"] = int(
            (
                await appeals.file_appeal(
                    wang, runtime, ids["case"], grounds="安全测试上诉理由", claims="撤销原判"
                )
            )["id"]
        )

        # A filing received at 越城 (浙0602) and forwarded to 西湖 (浙0106), which now decides on it.
        inbound = await _file(runtime, wang, "浙0602", "浙江省杭州市西湖区天目山路1号")
        await forward(
            await _principal("clerk.yuecheng"),
            inbound,
            to_court_code="浙0106",
            identity_checked=True,
            materials_checked=True,
        )
        ids["inbound_filing"] = inbound

        # The demo matter, with a controlled property, a measure in force and an issued notice.
        # (the first demo matter, by its title: the demo has matters at later stages too, court.demo.stages)
        matter = (
            await EnforcementMatter.select(EnforcementMatter.id)
            .where(
                (EnforcementMatter.court_code == "浙0106")
                & (EnforcementMatter.title_number == "（2025）浙0106民初1024号")
            )
            .first()
        )
        ids["matter"] = int(matter["id"])
        prop = MatterProperty(
            matter=ids["matter"],
            agency_kind="bank",
            institution="ICBC",
            asset_ref="6222-0001",
            description="银行存款",
            value=Decimal("50000.00"),
            status="controlled",
            key=f"{ids['matter']}:6222-0001",
        )
        await prop.save()
        ids["property"] = int(prop.id)
        today = datetime.now(UTC).date()
        measure = ControlMeasureRow(
            matter=ids["matter"],
            property_id=ids["property"],
            kind="freeze_deposit",
            property_ref="6222-0001",
            starts_on=today,
            expires_on=today + timedelta(days=365),
            renewals=[],
            amount="50000.00",
        )
        await measure.save()
        ids["measure"] = int(measure.id)
        officer = await _principal("enforcer.xihu")
        notice = await issue_notice(runtime, officer, ids["matter"], NoticeKind.EXECUTION_NOTICE, today)
        ids["notice"] = notice.id
        task = (
            await AgencyTaskRow.select(AgencyTaskRow.id, AgencyTaskRow.agency_code)
            .where(AgencyTaskRow.matter == ids["matter"])
            .first()
        )
        ids["agency_task"] = int(task["id"])
        # The demo bank officer answers for the agency the inquiry addressed.
        await User.update({User.division: task["agency_code"]}).where(User.username == "bank.officer")

        # A terminal of 西湖, its operator signed in on it, and a filing made there for a villager.
        admin = await _principal("admin")
        terminal = await terminals.register_terminal(
            admin, code="T-SEC-1", name="安全测试终端", court_code="浙0106", place="双流村"
        )
        ids["terminal"] = int(terminal["id"])
        ids["device_key"] = terminal["device_key"]
        issued = await terminals.operator_sign_in(terminal["device_key"], "operator.shangtian", DEMO_PASSWORD)
        world.tokens["terminal_operator"] = issued.token
        operator = await _principal("operator.shangtian", terminal_id=ids["terminal"])
        ids["terminal_filing"] = await _file(
            runtime, operator, "浙0106", "浙江省杭州市西湖区留下街道", submit=False
        )

        session = await uploads.open_session(
            wang,
            ids["draft_filing"],
            filename="evidence.pdf",
            total_size=1000,
            kind="evidence",
            max_bytes=10_000_000,
        )
        ids["upload_token"] = session["token"]
        job = await OutboxJob.select(OutboxJob.id).where(OutboxJob.court_code == "浙0106").first()
        assert job is not None, "the world's filings at 浙0106 enqueue jobs of that court"
        ids["job"] = int(job["id"])
        ids["court"] = "浙0106"
        ids["missing"] = 999_999
        ids["help_topic"] = "fees"
        for role, username in ROLE_USERS.items():
            if role not in world.tokens:
                world.tokens[role] = (await sign_in(username, DEMO_PASSWORD)).token
    finally:
        await close_pool(runtime.engine)
    return world


_WORLD: World | None = None


def world() -> World:
    """The session's template court (built on first use, in a thread: callers may be inside an event loop)."""
    global _WORLD
    if _WORLD is None:
        folder = Path(tempfile.mkdtemp(prefix="court-security-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            _WORLD = pool.submit(asyncio.run, _build(folder)).result()
    return _WORLD


DATABASE = "court.sqlite3"


def _files(folder: Path) -> frozenset[tuple[str, int, int]]:
    """What a court folder holds besides its database: (path, size, mtime) of every file and folder."""
    found = set()
    for path in folder.rglob("*"):
        if path.name.startswith(DATABASE):
            continue
        stat = path.stat()
        found.add((str(path.relative_to(folder)), -1 if path.is_dir() else stat.st_size, stat.st_mtime_ns))
    return frozenset(found)


class ResettableCourt:
    """A private copy of the template court that `pristine()` puts back as the template holds it, at the cost of
    what changed: nothing when the requests since the last call committed nothing and wrote no file.

    A commit by any connection is seen as a new `PRAGMA data_version` on a connection held open here (SQLite's own
    change counter, WAL included); the database is then copied back from the template with the backup API (a few
    milliseconds for its 2 MB). Files (blobs, signing keys, spool) are compared by path, size and mtime, and put
    back from the template when any differs. A fresh copy and runtime per request, as the route matrix made before,
    cost ~0.1 s of CPU each, most of the matrix's time."""

    def __init__(self, tmp: Path) -> None:
        from court.bootstrap import build_runtime

        self.template = world().folder
        self.folder = tmp / "court"
        shutil.copytree(self.template, self.folder)
        self.template_files = _files(self.folder)
        self.runtime = build_runtime(
            make_settings(f"sqlite:{self.folder / DATABASE}", self.folder)
        )  # SQLite: no pool to start, and migrate=False as copy_of_world
        self._watch = sqlite3.connect(self.folder / DATABASE, isolation_level=None)
        self._version = self._data_version()
        self.resets = 0

    def _data_version(self) -> int:
        return int(self._watch.execute("PRAGMA data_version").fetchone()[0])

    def activate(self) -> Runtime:
        """Bind the tables to this court again (another test of the process may have bound them elsewhere)."""
        from court.accounts.service import use_password_hash_cost
        from court.db import activate
        from court.tables import all_tables

        use_password_hash_cost(self.runtime.settings.password_hash_cost)
        activate(self.runtime.engine, all_tables())
        return self.runtime

    def pristine(self) -> None:
        """Put back whatever changed since the copy or the last call."""
        if self._data_version() != self._version:
            with closing(sqlite3.connect(self.template / DATABASE)) as source:
                source.backup(self._watch)
            self._version = self._data_version()
            self.resets += 1
        if _files(self.folder) != self.template_files:
            for entry in self.folder.iterdir():
                if entry.is_dir():
                    shutil.rmtree(entry)
                elif not entry.name.startswith(DATABASE):
                    entry.unlink()
            shutil.copytree(
                self.template,
                self.folder,
                dirs_exist_ok=True,
                ignore=lambda _d, names: [n for n in names if n.startswith(DATABASE)],
            )
            self.template_files = _files(self.folder)
            self.resets += 1

    def close(self) -> None:
        self._watch.close()
        shutil.rmtree(self.folder, ignore_errors=True)


async def copy_of_world(tmp: Path) -> Runtime:
    """A private copy of the template court, migrated and running on this test's loop."""
    template = world()
    target = tmp / "court"
    shutil.copytree(template.folder, target)
    return await start_runtime(make_settings(f"sqlite:{target / 'court.sqlite3'}", target), migrate=False)


def csrf_pair() -> tuple[str, str]:
    """A CSRF token signed with the tests' secret: (cookie value, value to echo)."""
    from court.web.csrf import new_token

    token = new_token(SECRET.encode())
    return token, token
