"""The role pages' routes in one router: 我的文件, 待审查, 待签发, 待发布, 待解读, documents, requests, 年度自查."""

from __future__ import annotations

from fastapi import APIRouter

from app.web.pages import dashboard, document, drafter, queues, requests, review, self_audit

router = APIRouter(include_in_schema=False)
PAGES = (drafter, review, queues, document, requests, self_audit, dashboard)
for pages in PAGES:
    router.include_router(pages.router)
