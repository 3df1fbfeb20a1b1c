"""Lambda entry point of the API (handler: lambda_handler.handler), behind API Gateway."""

from mangum import Mangum

from api.main import app

handler = Mangum(app, lifespan="off")
