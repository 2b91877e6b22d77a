"""Documents as a user's scope (policies.roles.DocumentScope) lets them see: a filter for every query of
documents, and the one look-up of a document by id that answers NotFound — the same as for a missing one — when
it lies outside the scope."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlmodel import col, select

from policies.errors import NotFound
from policies.roles import DocumentScope, Role, document_scope
from storage.models import Document, User
from storage.uow import UnitOfWork

Query = TypeVar("Query", bound=Any)


def within(query: Query, scope: DocumentScope) -> Query:
    """The query (selecting from Document) kept to the documents the scope sees."""
    if scope.whole_organisation:
        return query
    if scope.department_id is not None:
        drafters = select(User.id).where(User.department_id == scope.department_id)
        return query.where(col(Document.drafter_id).in_(drafters))
    return query.where(Document.drafter_id == scope.drafter_id)


def scope_of(user: User) -> DocumentScope:
    """The documents this user sees, by their role and department."""
    return document_scope(Role(user.role), user_id=user.id or 0, department_id=user.department_id)


def sees(document: Document, drafter: User, scope: DocumentScope) -> bool:
    """Whether the scope sees this document (drafted by `drafter`)."""
    if scope.whole_organisation:
        return True
    if scope.department_id is not None:
        return drafter.department_id == scope.department_id
    return document.drafter_id == scope.drafter_id


def visible_document(uow: UnitOfWork, document_id: int, scope: DocumentScope) -> Document:
    """The document with this id if the scope sees it; NotFound (as for a missing one) otherwise."""
    document = uow.documents.get(document_id)
    if not sees(document, uow.users.by_id(document.drafter_id), scope):
        raise NotFound(f"公文 {document_id} 不存在")
    return document
