"""The ingest function end to end with AWS stubbed (botocore's Stubber): documents are
embedded {{ "by the SageMaker endpoint" if embeddings == "sagemaker" else "by Titan" }} and written to the {{ "S3 Vectors index" if vectors == "s3-vectors" else "OpenSearch collection" }}."""

import pytest
from botocore.stub import Stubber
from pydantic import ValidationError

from aws_agent_framework.events import LambdaContext
from aws_agent_framework.settings import Settings
from aws_agent_framework.testing import offline_client, streaming_body
{% set embedder = "SageMakerEmbedder" if embeddings == "sagemaker" else "BedrockEmbedder" %}
{% set store = "S3VectorsStore" if vectors == "s3-vectors" else "OpenSearchStore" %}
from aws_agent_framework.vectors import {{ ([embedder, store, "Document"] | sort | join(", ")) }}, ingest
from ingest.lambda_handler import handler


def test_documents_are_embedded_and_stored():
    documents = [Document(id="faq-1", text="Opening hours", metadata={"source": "faq"})]
{% if embeddings == "sagemaker" %}
    embeddings = offline_client("sagemaker-runtime", "{{ aws_region }}")
    embedder = SageMakerEmbedder("{{ app_name }}-embeddings", embeddings)
    embedding_call = ("invoke_endpoint", {"Body": streaming_body([[[0.25, 0.75]]])})
{% else %}
    embeddings = offline_client("bedrock-runtime", "{{ aws_region }}")
    embedder = BedrockEmbedder("amazon.titan-embed-text-v2:0", embeddings)
    embedding_call = (
        "invoke_model",
        {"body": streaming_body({"embedding": [0.25, 0.75]}), "contentType": "application/json"},
    )
{% endif %}
{% if vectors == "s3-vectors" %}
    vectors = offline_client("s3vectors", "{{ aws_region }}")
    store = S3VectorsStore("{{ app_name }}-vectors", "knowledge", vectors)
    with Stubber(embeddings) as embed_stub, Stubber(vectors) as store_stub:
        embed_stub.add_response(*embedding_call)
        store_stub.add_response(
            "put_vectors",
            {},
            {
                "vectorBucketName": "{{ app_name }}-vectors",
                "indexName": "knowledge",
                "vectors": [
                    {
                        "key": "faq-1",
                        "data": {"float32": [0.25, 0.75]},
                        "metadata": {"source": "faq", "text": "Opening hours"},
                    }
                ],
            },
        )
        assert ingest(documents, embedder, store) == 1
{% else %}

    class Collection:
        """opensearch-py's client surface: an existing index and bulk writes."""

        def __init__(self):
            self.bulks = []
            self.indices = self

        def exists(self, index):
            return True

        def bulk(self, body):
            self.bulks.append(body)
            return {"errors": False, "items": []}

    collection = Collection()
    store = OpenSearchStore("https://example.aoss.amazonaws.com", "knowledge", 2, collection)
    with Stubber(embeddings) as embed_stub:
        embed_stub.add_response(*embedding_call)
        assert ingest(documents, embedder, store) == 1
    assert collection.bulks[0][1]["embedding"] == [0.25, 0.75]
{% endif %}


def test_a_request_without_documents_is_refused(monkeypatch):
    monkeypatch.setattr("ingest.lambda_handler.get_settings", lambda: Settings())
    with pytest.raises(ValidationError, match="documents"):
        handler({"documents": []}, LambdaContext())
