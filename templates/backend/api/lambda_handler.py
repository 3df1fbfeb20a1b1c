"""Lambda entry point of the API (handler: lambda_handler.handler), behind API Gateway."""

from mangum import Mangum

from api.main import app
from aws_agent_framework.snapstart import register_snapstart_hooks

# With Lambda SnapStart the API resumes from a snapshot: renew what must differ per
# execution environment (a no-op where the runtime has no SnapStart hooks).
register_snapstart_hooks()

handler = Mangum(app, lifespan="off")
