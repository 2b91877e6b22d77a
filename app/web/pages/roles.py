"""The role pages' routes in one router: 我的文件, 待审查, 待签发, 待发布, 待解读, the documents, the requests."""

from __future__ import annotations

from fastapi import APIRouter

from app.web.pages import document, drafter, queues, requests, review

router = APIRouter(include_in_schema=False)
for pages in (drafter.router, review.router, queues.router, document.router, requests.router):
    router.include_router(pages)
