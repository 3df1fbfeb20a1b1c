"""The API: health, jobs (create, list, read — each user sees only their own), and the
domain routes in api/routes.py. Run locally with `make dev`; on Lambda through Mangum
(api/lambda_handler.py).

In local mode the database is migrated at start-up, jobs go to the in-process queue,
and `POST /auth/local/token` hands out development tokens; none of that exists on AWS.
"""

import uuid
from contextlib import asynccontextmanager
from functools import cached_property
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Query
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from pydantic import BaseModel

from api.contract import (
    AUTH_RESPONSES,
    MAX_LIMIT,
    MAX_OFFSET,
    NOT_FOUND,
    StorableText,
    validation_error,
)
from api.routes import router as domain_router
from aws_agent_framework.auth.dependencies import Authenticator, CurrentUser
from aws_agent_framework.database import Database, connect, migrate
from aws_agent_framework.local import JobQueue, job_queue
from aws_agent_framework.settings import Settings, get_settings
from database.models import AGENTS, MIGRATIONS, Jobs, Users
from database.schemas import Job, JobPage, JobRequest, User

TITLE = {{ app_title | py }}
# The frontend's dev server, allowed in local mode only.
LOCAL_ORIGINS = ["http://localhost:3000", "http://127.0.0.1:3000"]


class Services:
    """The database and queue, created on first use (so importing the app is cheap)."""

    def __init__(self, settings: Settings, db: Database | None, queue: JobQueue | None) -> None:
        self.settings = settings
        self._db = db
        self._queue = queue
        self._known_users: set[str] = set()

    @cached_property
    def db(self) -> Database:
        return self._db or connect(self.settings)

    @cached_property
    def queue(self) -> JobQueue:
        return self._queue or job_queue(self.settings, AGENTS[0])

    def ensure_user(self, user: CurrentUser) -> None:
        """Creates the user's row on their first request to this instance."""
        if user.user_id not in self._known_users:
            Users(self.db).upsert(user.user_id, user.display_name)
            self._known_users.add(user.user_id)


class Health(BaseModel):
    status: str
    mode: str


# A development user id: it becomes the token's `sub` and a database key.
LocalUserId = Annotated[str, Query(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_.@-]+$")]


class LocalToken(BaseModel):
    token: str
    user_id: str


def create_app(
    settings: Settings | None = None, db: Database | None = None, queue: JobQueue | None = None
) -> FastAPI:
    settings = settings or get_settings()
    services = Services(settings, db, queue)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        if settings.local_mode:
            migrate(services.db, MIGRATIONS)
        yield

    app = FastAPI(title=TITLE, version="0.1.0", lifespan=lifespan)
    app.add_exception_handler(RequestValidationError, validation_error)
    origins = settings.cors_origins + (LOCAL_ORIGINS if settings.local_mode else [])
    # Clerk tokens are accepted from the sites CORS lets call the API (their `azp`).
    authenticate = Authenticator(settings, origins=origins)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=origins,
        allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
        allow_headers=["authorization", "content-type"],
    )

    def signed_in(user: Annotated[CurrentUser, Depends(authenticate)]) -> CurrentUser:
        services.ensure_user(user)
        return user

    SignedIn = Annotated[CurrentUser, Depends(signed_in)]

    @app.get("/health")
    def health() -> Health:
        return Health(status="ok", mode="local" if settings.local_mode else "aws")

    @app.get("/me", responses=AUTH_RESPONSES | NOT_FOUND)
    def me(user: SignedIn) -> User:
        found = Users(services.db).find(user.user_id)
        if found is None:  # pragma: no cover - signed_in() just created it
            raise HTTPException(404, "User not found")
        return found

    @app.post("/jobs", status_code=201, responses=AUTH_RESPONSES)
    def create_job(request: Annotated[JobRequest, StorableText], user: SignedIn) -> Job:
        job = Jobs(services.db).create(
            {"user_id": user.user_id, "request_payload": request.model_dump()}
        )
        services.queue.send(job.id)
        return job

    @app.get("/jobs", responses=AUTH_RESPONSES)
    def list_jobs(
        user: SignedIn,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
        offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    ) -> JobPage:
        jobs = Jobs(services.db).list(where={"user_id": user.user_id}, limit=limit, offset=offset)
        return JobPage(jobs=jobs, limit=limit, offset=offset)

    @app.get("/jobs/{job_id}", responses=AUTH_RESPONSES | NOT_FOUND)
    def get_job(job_id: uuid.UUID, user: SignedIn) -> Job:
        job = Jobs(services.db).find_for_user(job_id, user.user_id)
        if job is None:
            raise HTTPException(404, "Job not found")
        return job

    if authenticate.local_issuer is not None:
        issuer = authenticate.local_issuer

        @app.post("/auth/local/token")
        def local_token(user_id: LocalUserId = "local-user") -> LocalToken:
            """Development sign-in (local mode only): a token the API accepts locally."""
            return LocalToken(token=issuer.issue(user_id), user_id=user_id)

    app.include_router(domain_router)
    app.state.services = services
    return app


app = create_app()
