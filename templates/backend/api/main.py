"""The API: health, jobs (create, list, read — each user sees only their own, with each
agent's status and result in `results` — and each job's timeline of events), and the
domain routes in api/routes.py. Run locally with `make dev`; on Lambda through Mangum
(api/lambda_handler.py).

In local mode the database is migrated at start-up, jobs go to the in-process queue,
and `POST /auth/local/token` hands out development tokens; none of that exists on AWS.
"""

import datetime as dt
import uuid
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import FastAPI, HTTPException, Query
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from pydantic import BaseModel

from api.contract import (
    AUTH_RESPONSES,
    MAX_LIMIT,
    MAX_OFFSET,
    NOT_FOUND,
    QUEUE_UNAVAILABLE,
    UNREADABLE_BODY,
    StorableText,
    validation_error,
)
from api.deps import Db, Services, SignedIn
from api.routes import router as domain_router
from aws_agent_framework.agents.jobs import JobStore
from aws_agent_framework.auth.dependencies import Authenticator
from aws_agent_framework.database import Database, migrate
from aws_agent_framework.local import JobQueue, QueueUnavailable
from aws_agent_framework.observability import logger
from aws_agent_framework.settings import Settings, get_settings
from database.models import MIGRATIONS, Jobs, Users
from database.schemas import Job, JobEvents, JobPage, JobRequest, User

{{ app_title | py_assignment("TITLE") }}
QUEUE_DOWN_MESSAGE = "The job could not be queued: try again in a moment"
QUEUE_RETRY_AFTER = "5"
# The frontend's dev server, allowed in local mode only.
LOCAL_ORIGINS = ["http://localhost:3000", "http://127.0.0.1:3000"]


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
    origins = settings.cors_origins + (LOCAL_ORIGINS if settings.local_mode else [])
    # Clerk tokens are accepted from the sites CORS lets call the API (their `azp`).
    authenticate = Authenticator(settings, origins=origins)
    services = Services(settings, authenticate, db, queue)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        if settings.local_mode:
            migrate(services.db, MIGRATIONS)
        yield

    app = FastAPI(title=TITLE, version="0.1.0", lifespan=lifespan)
    app.state.services = services
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=origins,
        allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
        allow_headers=["authorization", "content-type"],
    )

    @app.get("/health")
    def health() -> Health:
        return Health(status="ok", mode="local" if settings.local_mode else "aws")

    @app.get("/me", responses=AUTH_RESPONSES | NOT_FOUND)
    def me(user: SignedIn, db: Db) -> User:
        found = Users(db).find(user.user_id)
        if found is None:  # pragma: no cover - current_user() just created it
            raise HTTPException(404, "User not found")
        return found

    @app.post(
        "/jobs", status_code=201, responses=AUTH_RESPONSES | UNREADABLE_BODY | QUEUE_UNAVAILABLE
    )
    def create_job(request: Annotated[JobRequest, StorableText], user: SignedIn, db: Db) -> Job:
        jobs = Jobs(db)
        job = jobs.create({"user_id": user.user_id, "request_payload": request.model_dump()})
        try:
            services.queue.send(job.id)
        except QueueUnavailable:
            # Nothing would ever run it: the job fails now, with a reason the user sees,
            # instead of staying pending; the client is told to try again.
            logger.exception("job not queued", extra={"job_id": str(job.id)})
            JobStore(db).fail(job.id, QUEUE_DOWN_MESSAGE)
            raise HTTPException(
                503, QUEUE_DOWN_MESSAGE, headers={"Retry-After": QUEUE_RETRY_AFTER}
            ) from None
        return jobs.with_results([job])[0]

    @app.get("/jobs", responses=AUTH_RESPONSES)
    def list_jobs(
        user: SignedIn,
        db: Db,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
        offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    ) -> JobPage:
        jobs = Jobs(db).page_for_user(user.user_id, limit=limit, offset=offset)
        return JobPage(jobs=jobs, limit=limit, offset=offset)

    @app.get("/jobs/{job_id}", responses=AUTH_RESPONSES | NOT_FOUND)
    def get_job(job_id: uuid.UUID, user: SignedIn, db: Db) -> Job:
        """The job, with each agent's status and result so far (`results`)."""
        job = Jobs(db).find_for_user(job_id, user.user_id)
        if job is None:
            raise HTTPException(404, "Job not found")
        return job

    @app.get("/jobs/{job_id}/events", responses=AUTH_RESPONSES | NOT_FOUND)
    def get_job_events(job_id: uuid.UUID, user: SignedIn, db: Db) -> JobEvents:
        """The job's timeline so far: each agent run's start and end and each tool call's,
        in order (the dashboard polls it while the job runs)."""
        jobs = Jobs(db)
        job = jobs.find_for_user(job_id, user.user_id)
        if job is None:
            raise HTTPException(404, "Job not found")
        return JobEvents(
            job_id=job.id, status=job.status, now=dt.datetime.now(dt.UTC), events=jobs.events(job)
        )

    if authenticate.local_issuer is not None:
        issuer = authenticate.local_issuer

        @app.post("/auth/local/token")
        def local_token(user_id: LocalUserId = "local-user") -> LocalToken:
            """Development sign-in (local mode only): a token the API accepts locally."""
            return LocalToken(token=issuer.issue(user_id), user_id=user_id)

    app.include_router(domain_router)
    return app


app = create_app()
