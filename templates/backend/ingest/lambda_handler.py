"""Lambda entry point of {{ app_name }}-ingest (handler: lambda_handler.handler).

Invoke it with the documents to add (an `id` per document makes re-ingesting an update):

    aws lambda invoke --function-name {{ app_name }}-ingest --cli-binary-format raw-in-base64-out \\
      --payload '{"documents": [{"id": "faq-1", "text": "...", "metadata": {"source": "faq"}}]}' out.json

Embeddings come from EMBEDDINGS ({{ "the SageMaker endpoint" if embeddings == "sagemaker" else "Bedrock Titan" }}); the store from {{ "VECTOR_BUCKET" if vectors == "s3-vectors" else "VECTOR_COLLECTION_ENDPOINT" }} and VECTOR_INDEX.
"""

from typing import Any

from pydantic import BaseModel, Field

from aws_agent_framework.observability import logger
from aws_agent_framework.settings import get_settings
from aws_agent_framework.vectors import Document, embedder_from, ingest, store_from


class IngestRequest(BaseModel):
    documents: list[Document] = Field(min_length=1, max_length=1000)


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    request = IngestRequest.model_validate(event)
    settings = get_settings()
    count = ingest(request.documents, embedder_from(settings), store_from(settings))
    logger.info("Ingested documents", extra={"count": count})
    return {"ingested": count, "ids": [document.id for document in request.documents]}
