"""The public 政府信息公开 column, built from a database populated through storage, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import shutil
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.public import build as site_build
from policies.attributes import Attribute
from policies.errors import BadInput
from policies.lifecycle import State
from storage.db import Database
from storage.models import (
    DisclosureRequest,
    Document,
    DocumentLifecycle,
    DocumentVersion,
    Interpretation,
    Organisation,
    StoredFile,
    User,
)
from storage.site import public_column
from storage.uow import UnitOfWork
from tests.fixtures_docs import SAMPLE_NOTICE

ATOM = "{http://www.w3.org/2005/Atom}"
TODAY = date(2026, 11, 2)
SHA = "0" * 64


@dataclass
class Seeder:
    """Puts documents into the database the way the lifecycle leaves them, field by field."""

    database: Database

    def __post_init__(self) -> None:
        with UnitOfWork(self.database) as uow:
            organisation = Organisation(code="11500000MB1234567X", name="示例市教育委员会")
            uow.session.add(organisation)
            uow.session.add(StoredFile(sha256=SHA, size=1, media_type="text/plain", original_name="公文.txt"))
            uow.session.flush()
            drafter = User(name="王芳", role="drafter")
            uow.session.add(drafter)
            uow.session.flush()
            self.organisation_id = organisation.id or 0
            self.drafter_id = drafter.id or 0
            uow.commit()

    def document(
        self,
        title: str,
        *,
        state: str = State.PUBLISHED.value,
        attribute: str | None = Attribute.PROACTIVE.value,
        texts: tuple[str, ...] = ("正文。",),
        published_version: int | None = 1,
        published_on: date | None = date(2026, 10, 10),
        withdrawn_on: date | None = None,
        subject_area: str = "education",
        doc_number: str | None = "渝教发〔2026〕12号",
        index_no: str | None = "11500000MB1234567X/2026-00001",
        issuer: str | None = "示例市教育委员会",
        interpretations: tuple[tuple[str, date], ...] = (),
    ) -> int:
        """A document with one version per text (the last is current) and its interpretations; returns its id."""
        with UnitOfWork(self.database) as uow:
            document = Document(
                organisation_id=self.organisation_id, drafter_id=self.drafter_id, title=title, doc_number=doc_number,
                issuer=issuer, formed_on=date(2026, 9, 28), index_no=index_no, kind="policy",
                subject_area=subject_area, attribute=attribute, state=state, published_on=published_on,
            )  # fmt: skip
            uow.session.add(document)
            uow.session.flush()
            document_id = document.id or 0
            for number, text in enumerate(texts, start=1):
                uow.session.add(
                    DocumentVersion(
                        document_id=document_id, number=number, file_sha256=SHA, original_name="公文.txt",
                        media_type="text/plain", text=text, reason="submit", created_by="王芳",
                    )
                )  # fmt: skip
            uow.session.add(
                DocumentLifecycle(
                    document_id=document_id, current_version=len(texts), published_version=published_version,
                    signed_on=date(2026, 9, 28), validity="withdrawn" if withdrawn_on else "effective",
                    withdrawn_on=withdrawn_on, withdrawal_reason="政策调整" if withdrawn_on else None,
                )
            )  # fmt: skip
            for text, day in interpretations:
                uow.session.add(
                    Interpretation(
                        document_id=document_id, form="qa", file_sha256=SHA, original_name="解读.txt",
                        media_type="text/plain", text=text, published_on=day, created_by="王芳",
                    )
                )  # fmt: skip
            uow.commit()
            return document_id

    def withdraw(self, document_id: int) -> None:
        """Withdraw a published document as the lifecycle does."""
        with UnitOfWork(self.database) as uow:
            document = uow.documents.get(document_id)
            uow.documents.change(document, state=State.WITHDRAWN.value)
            lifecycle = uow.session.get(DocumentLifecycle, document_id)
            assert lifecycle is not None
            lifecycle.withdrawn_on, lifecycle.validity = TODAY, "withdrawn"
            uow.session.add(lifecycle)
            uow.commit()

    def request(self, applicant: str, subject: str) -> None:
        """A disclosure request with an applicant's personal data."""
        with UnitOfWork(self.database) as uow:
            uow.session.add(
                DisclosureRequest(
                    applicant_name=applicant, applicant_type="natural", applicant_key=applicant,
                    applicant_contact="13983012345", channel="online", received_on=TODAY, subject=subject,
                    subject_key=subject, state="registered", clock_start=TODAY,
                )
            )  # fmt: skip
            uow.commit()


def build(database: Database, directory: Path, *, base_url: str | None = None) -> dict[str, Any]:
    """Build the site from the database as `gongkai site build` does."""
    with UnitOfWork(database, readonly=True) as uow:
        column = public_column(uow.session)
    return site_build.write_site(column, directory, base_url=base_url, today=TODAY)


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def site_text(directory: Path) -> str:
    """Every file of a built site, concatenated."""
    return "\n".join(read(path) for path in sorted(directory.rglob("*")) if path.is_file())


@pytest.fixture
def seeder(database: Database) -> Seeder:
    return Seeder(database)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An empty directory for the site (the test's SQLite database lives beside it in tmp_path)."""
    directory = tmp_path / "out"
    directory.mkdir()
    return directory


def test_a_document_page_shows_the_metadata_table_the_published_text_and_the_mark(
    seeder: Seeder, database: Database, out: Path
) -> None:
    text = SAMPLE_NOTICE.replace("（此件公开发布）\n", "")
    document_id = seeder.document("关于做好义务教育招生入学工作的通知", texts=(text,))
    build(database, out / "site")
    page = read(out / "site" / "documents" / f"{document_id}.html")
    for label, value in (
        ("索引号", "11500000MB1234567X/2026-00001"),
        ("主题分类", "教育"),
        ("发文机关", "示例市教育委员会"),
        ("成文日期", "2026年9月28日"),
        ("标题", "关于做好义务教育招生入学工作的通知"),
        ("发文字号", "渝教发〔2026〕12号"),
        ("发布日期", "2026年10月10日"),
        ("有效性", "有效"),
    ):
        assert f"<th>{label}</th><td>{value}</td>" in page or f'<th>{label}</th><td colspan="3">{value}</td>' in page
    assert "<p>一、坚持免试就近入学。" in page
    assert page.count("（此件公开发布）") == 1
    assert '<html lang="zh-CN">' in page and '<meta charset="utf-8">' in page


def test_the_mark_is_not_repeated_when_the_text_carries_it(seeder: Seeder, database: Database, out: Path) -> None:
    document_id = seeder.document("关于做好义务教育招生入学工作的通知", texts=(SAMPLE_NOTICE,))
    build(database, out / "site")
    assert read(out / "site" / "documents" / f"{document_id}.html").count("此件公开发布") == 1


def test_a_document_and_its_interpretations_link_to_each_other(seeder: Seeder, database: Database, out: Path) -> None:
    document_id = seeder.document(
        "关于调整学生资助标准的通知",
        interpretations=(("一问一答：资助标准提高了多少？", date(2026, 10, 12)),),
    )
    build(database, out / "site")
    (interpretation,) = (out / "site" / "interpretations").iterdir()
    page = read(out / "site" / "documents" / f"{document_id}.html")
    assert f'href="../interpretations/{interpretation.name}"' in page and "政策解读" in page
    explained = read(interpretation)
    assert f'href="../documents/{document_id}.html"' in explained
    assert "一问一答：资助标准提高了多少？" in explained and "2026年10月12日" in explained
    assert "《关于调整学生资助标准的通知》问答解读" in explained


def test_the_index_lists_by_year_and_by_subject_area_newest_first(
    seeder: Seeder, database: Database, out: Path
) -> None:
    old = seeder.document("二〇二五年的防汛通知", published_on=date(2025, 6, 1), subject_area="disaster_rescue")
    new = seeder.document("新学期的招生通知", published_on=date(2026, 8, 1))
    newest = seeder.document("秋季的助学金通知", published_on=date(2026, 9, 1))
    build(database, out / "site")
    index = read(out / "site" / "index.html")
    years = index.split("<h2>按主题分类</h2>")[0]
    assert years.index("2026年</h3>") < years.index("2025年</h3>")
    assert years.index(f"documents/{newest}.html") < years.index(f"documents/{new}.html")
    assert years.index(f"documents/{new}.html") < years.index(f"documents/{old}.html")
    areas = index.split("<h2>按主题分类</h2>")[1]
    labels = ("脱贫攻坚", "社会救助和社会福利", "教育", "基本医疗卫生", "环境保护", "灾害事故救援", "公共文化体育")
    positions = [areas.index(f"<h3>{label}</h3>") for label in (*labels, "其他")]
    assert positions == sorted(positions)
    education = areas.split("<h3>教育</h3>")[1].split("<h3>")[0]
    assert education.index(f"{newest}.html") < education.index(f"{new}.html") and f"{old}.html" not in education
    assert f"{old}.html" in areas.split("<h3>灾害事故救援</h3>")[1].split("<h3>")[0]


def test_the_feed_is_atom_with_an_entry_per_document_and_interpretation(
    seeder: Seeder, database: Database, out: Path
) -> None:
    document_id = seeder.document(
        "关于调整学生资助标准的通知 <b>&", interpretations=(("解读正文", date(2026, 10, 12)),)
    )
    build(database, out / "site", base_url="https://gk.example.gov.cn/xxgk")
    feed = ET.parse(out / "site" / "feed.atom").getroot()
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{required}") is not None
    assert feed.findtext(f"{ATOM}updated") == "2026-10-12T00:00:00+08:00"
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == [
        "《关于调整学生资助标准的通知 <b>&》问答解读",
        "关于调整学生资助标准的通知 <b>&",
    ]
    links = [entry.find(f"{ATOM}link") for entry in entries]
    assert (
        links[1] is not None and links[1].get("href") == f"https://gk.example.gov.cn/xxgk/documents/{document_id}.html"
    )
    ids = [entry.findtext(f"{ATOM}id") or "" for entry in entries]
    assert all(entry_id.startswith("urn:uuid:") for entry_id in ids) and len(set(ids)) == 2
    assert entries[1].findtext(f"{ATOM}published") == "2026-10-10T00:00:00+08:00"


def test_the_json_index_gives_each_public_document_with_its_interpretations(
    seeder: Seeder, database: Database, out: Path
) -> None:
    document_id = seeder.document("关于调整学生资助标准的通知", interpretations=(("解读", date(2026, 10, 12)),))
    build(database, out / "site")
    index = json.loads(read(out / "site" / "index.json"))
    (entry,) = index["documents"]
    assert entry | {"interpretations": None} == {
        "id": document_id,
        "index_no": "11500000MB1234567X/2026-00001",
        "title": "关于调整学生资助标准的通知",
        "doc_number": "渝教发〔2026〕12号",
        "issuer": "示例市教育委员会",
        "formed_on": "2026-09-28",
        "published_on": "2026-10-10",
        "subject_area": "education",
        "subject_label": "教育",
        "validity": "有效",
        "being_amended": False,
        "url": f"documents/{document_id}.html",
        "interpretations": None,
    }
    (interpretation,) = entry["interpretations"]
    assert interpretation["form"] == "qa" and interpretation["published_on"] == "2026-10-12"
    assert (out / "site" / interpretation["url"]).is_file()
    assert index["organisation"] == {"code": "11500000MB1234567X", "name": "示例市教育委员会"}


def test_an_amended_document_under_review_keeps_its_published_text_and_says_so(
    seeder: Seeder, database: Database, out: Path
) -> None:
    document_id = seeder.document(
        "关于调整学生资助标准的通知",
        state=State.UNDER_REVIEW.value,
        texts=("每生每年资助一千元。", "每生每年资助一千五百元（修订稿）。"),
        published_version=1,
    )
    build(database, out / "site")
    page = read(out / "site" / "documents" / f"{document_id}.html")
    assert "每生每年资助一千元。" in page and "一千五百元" not in site_text(out / "site")
    assert "该文件正在修订。修订稿发布前，本页显示2026年10月10日发布的现行文本。" in page
    assert json.loads(read(out / "site" / "index.json"))["documents"][0]["being_amended"] is True


def test_a_withdrawn_document_leaves_the_site_at_the_next_build(seeder: Seeder, database: Database, out: Path) -> None:
    kept = seeder.document("继续有效的通知")
    withdrawn = seeder.document("将被撤回的通知", interpretations=(("将被撤回的解读", date(2026, 10, 12)),))
    build(database, out / "site")
    assert (out / "site" / "documents" / f"{withdrawn}.html").exists()
    seeder.withdraw(withdrawn)
    build(database, out / "site")
    text = site_text(out / "site")
    assert "将被撤回" not in text and "继续有效的通知" in text
    assert sorted(path.name for path in (out / "site" / "documents").iterdir()) == [f"{kept}.html"]
    assert not list((out / "site" / "interpretations").iterdir())


def test_no_request_or_applicant_data_ever_appears(seeder: Seeder, database: Database, out: Path) -> None:
    seeder.document("关于调整学生资助标准的通知")
    seeder.request("申请人陈某某", "申请公开学生资助名单")
    build(database, out / "site")
    text = site_text(out / "site")
    assert "陈某某" not in text and "学生资助名单" not in text and "13983012345" not in text


def test_text_is_escaped_not_interpreted_as_html(seeder: Seeder, database: Database, out: Path) -> None:
    document_id = seeder.document("<script>alert(1)</script>", texts=("<img src=x onerror=alert(1)>",))
    build(database, out / "site")
    for path in (out / "site" / "index.html", out / "site" / "documents" / f"{document_id}.html"):
        assert "<script>alert" not in read(path) and "&lt;script&gt;" in read(path)
    assert "<img" not in read(out / "site" / "documents" / f"{document_id}.html")


def test_an_empty_column_builds_a_site_that_says_so(seeder: Seeder, database: Database, out: Path) -> None:
    result = build(database, out / "site")
    assert result["documents"] == 0 and "暂无主动公开的政府信息" in read(out / "site" / "index.html")
    assert ET.parse(out / "site" / "feed.atom").getroot().findall(f"{ATOM}entry") == []
    assert json.loads(read(out / "site" / "index.json"))["documents"] == []


def test_building_twice_gives_the_same_files(seeder: Seeder, database: Database, out: Path) -> None:
    seeder.document("关于调整学生资助标准的通知", interpretations=(("解读", date(2026, 10, 12)),))
    build(database, out / "site")
    first = {path.relative_to(out / "site"): path.read_bytes() for path in (out / "site").rglob("*.*")}
    build(database, out / "site")
    second = {path.relative_to(out / "site"): path.read_bytes() for path in (out / "site").rglob("*.*")}
    assert first == second and len(first) == 6
    assert [path.name for path in out.iterdir()] == ["site"]


def test_a_directory_that_is_not_a_gongkai_site_is_refused_and_left_alone(
    seeder: Seeder, database: Database, out: Path
) -> None:
    mine = out / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("我的笔记", encoding="utf-8")
    (out / "file").write_text("x", encoding="utf-8")
    for target in (mine, out / "file"):
        with pytest.raises(BadInput):
            build(database, target)
    assert read(mine / "notes.txt") == "我的笔记" and sorted(p.name for p in out.iterdir()) == ["file", "mine"]


def test_an_empty_directory_is_accepted(seeder: Seeder, database: Database, out: Path) -> None:
    (out / "site").mkdir()
    build(database, out / "site")
    assert (out / "site" / "index.html").is_file()


def test_a_failed_build_leaves_the_previous_site_as_it_was(
    seeder: Seeder, database: Database, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeder.document("第一件通知")
    build(database, out / "site")
    before = read(out / "site" / "index.html")
    seeder.document("第二件通知")

    def broken_feed(*_args: Any, **_kwargs: Any) -> bytes:
        raise OSError("disk full")

    monkeypatch.setattr(site_build, "feed_atom", broken_feed)
    with pytest.raises(OSError):
        build(database, out / "site")
    assert read(out / "site" / "index.html") == before and "第二件通知" not in before
    assert [path.name for path in out.iterdir()] == ["site"]


def test_a_bad_base_url_is_refused(seeder: Seeder, database: Database, out: Path) -> None:
    with pytest.raises(BadInput):
        build(database, out / "site", base_url="ftp://example")
    assert not (out / "site").exists()


# The property: whatever the mix of documents, exactly the public ones appear, anywhere in the site.

STATES = [state.value for state in State]
ATTRIBUTES = [None, *(attribute.value for attribute in Attribute)]
AMENDING = (State.UNDER_REVIEW.value, State.RETURNED.value, State.APPROVED.value, State.SIGNED.value)


@dataclass(frozen=True)
class Case:
    """One generated document: state, attribute, whether a version was published (or amended since), withdrawal."""

    state: str
    attribute: str | None
    published: bool
    withdrawn: bool
    amended: bool
    interpreted: bool

    def should_appear(self) -> bool:
        """The rule as a disclosure officer states it: proactive, published and not withdrawn; an amendment under
        review keeps the published version up."""
        if self.attribute != Attribute.PROACTIVE.value or self.withdrawn or not self.published:
            return False
        return self.state in (State.PUBLISHED.value, State.INTERPRETED.value, *AMENDING)


cases = st.builds(
    Case,
    state=st.sampled_from(STATES),
    attribute=st.sampled_from(ATTRIBUTES),
    published=st.booleans(),
    withdrawn=st.booleans(),
    amended=st.booleans(),
    interpreted=st.booleans(),
)


def _token(kind: str, number: int) -> str:
    return f"〖{kind}{number:03d}〗"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(cases, max_size=14))
def test_exactly_the_proactive_published_documents_appear_anywhere(
    sqlite_template: Path, generated: list[Case]
) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        shutil.copyfile(sqlite_template, Path(scratch) / "gongkai.db")
        database = Database(f"sqlite:///{Path(scratch) / 'gongkai.db'}")
        seeder = Seeder(database)
        for number, case in enumerate(generated):
            texts = (f"正文{_token('正文', number)}",)
            if case.amended:
                texts = (*texts, f"修订稿{_token('未发布', number)}")
            seeder.document(
                f"标题{_token('标题', number)}",
                state=case.state,
                attribute=case.attribute,
                texts=texts,
                published_version=1 if case.published else None,
                withdrawn_on=TODAY if case.withdrawn else None,
                doc_number=f"渝教发〔2026〕{number + 1}号{_token('字号', number)}",
                index_no=f"CODE/2026-{number:05d}{_token('索引', number)}",
                interpretations=((f"解读{_token('解读', number)}", date(2026, 10, 12)),) if case.interpreted else (),
            )
        seeder.request(f"申请人{_token('申请人', 0)}", "申请公开")
        build(database, Path(scratch) / "site")
        database.dispose()
        text = site_text(Path(scratch) / "site")
        expected = {number for number, case in enumerate(generated) if case.should_appear()}
        for kind in ("正文", "标题", "字号", "索引"):
            assert {n for n in range(len(generated)) if _token(kind, n) in text} == expected, kind
        shown_interpretations = {n for n in range(len(generated)) if _token("解读", n) in text}
        assert shown_interpretations == {n for n in expected if generated[n].interpreted}
        assert "未发布" not in text and "申请人" not in text
        pages = {path.stem for path in (Path(scratch) / "site" / "documents").iterdir()}
        assert len(pages) == len(expected)
        index = json.loads(read(Path(scratch) / "site" / "index.json"))
        feed = ET.parse(Path(scratch) / "site" / "feed.atom").getroot()
        assert len(index["documents"]) == len(expected)
        assert len(feed.findall(f"{ATOM}entry")) == len(expected) + len(shown_interpretations)
