"""索引号: numbered per organisation and year by one atomic upsert, so no number is ever given twice.
Like every repository, it never commits."""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from policies.document_steps import IndexNumbering
from policies.errors import BadInput
from policies.issuance import format_index_no
from storage.models import Document, IndexSequence, Organisation


class IndexNumbers:
    """The 索引号 sequences of one unit of work's session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def index_no(self, document: Document, numbering: IndexNumbering) -> str:
        """The 索引号 a publication carries: the one kept, else a new one in the numbering's year."""
        return numbering.kept or self.assign_index_no(document, numbering.year)

    def assign_index_no(self, document: Document, year: int) -> str:
        """A new 索引号 for a document from its organisation's pattern, unique per organisation and year."""
        organisation = self.session.get(Organisation, document.organisation_id) or self._first_organisation()
        seq = self.next_index_seq(organisation.id or 0, year)
        return format_index_no(organisation.index_pattern, code=organisation.code, year=year, seq=seq)

    def next_index_seq(self, organisation_id: int, year: int) -> int:
        """The next 索引号 sequence number of an organisation in a year (one atomic upsert, so never twice)."""
        dialect = self.session.get_bind().dialect.name
        insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        statement = (
            insert(IndexSequence)
            .values(organisation_id=organisation_id, year=year, last=1)
            .on_conflict_do_update(
                index_elements=["organisation_id", "year"], set_={"last": col(IndexSequence.last) + 1}
            )
            .returning(col(IndexSequence.last))
        )
        return int(self.session.execute(statement).scalar_one())

    def _first_organisation(self) -> Organisation:
        """The installation's organisation, for a document that names none; BadInput before `gongkai init`."""
        found = self.session.exec(select(Organisation).order_by(col(Organisation.id))).first()
        if found is None:
            raise BadInput("尚未设置机关：请先运行 gongkai init")
        return found
