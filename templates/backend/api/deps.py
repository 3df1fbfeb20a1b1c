"""What every route of the API depends on, importable by api/main.py's job routes and by
the domain routes in api/routes.py alike:

- `SignedIn`: the signed-in user (a 401 without a valid bearer token, a 503 when the
  sign-in provider cannot be reached); their `users` row exists once it is resolved.
- `Db`: the database.

    @router.get("/things", responses=AUTH_RESPONSES)
    def list_things(user: SignedIn, db: Db) -> list[Thing]: ...

Both come from the `Services` that `create_app` stores on the app, so tests that build
their own app (with their own database) get their own.
"""

from functools import cached_property
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from aws_agent_framework.auth.dependencies import Authenticator, CurrentUser
from aws_agent_framework.database import Database, connect
from aws_agent_framework.local import JobQueue, job_queue
from aws_agent_framework.settings import Settings
from database.models import AGENTS, Users

__all__ = ["CurrentUser", "Db", "Services", "SignedIn", "current_user", "database"]

_bearer = HTTPBearer(auto_error=False)


class Services:
    """The database and queue, created on first use (so importing the app is cheap), and
    the authenticator that checks each request's token."""

    def __init__(
        self,
        settings: Settings,
        authenticate: Authenticator,
        db: Database | None = None,
        queue: JobQueue | None = None,
    ) -> None:
        self.settings = settings
        self.authenticate = authenticate
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


def services(request: Request) -> Services:
    """The app's services (set by `create_app`)."""
    return request.app.state.services


def current_user(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> CurrentUser:
    """The signed-in user, with their `users` row created on first sight."""
    found = services(request)
    user = found.authenticate(credentials)
    found.ensure_user(user)
    return user


def database(request: Request) -> Database:
    return services(request).db


SignedIn = Annotated[CurrentUser, Depends(current_user)]
Db = Annotated[Database, Depends(database)]
