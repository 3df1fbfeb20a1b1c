"""The knowledge base: embeddings (a SageMaker endpoint or Bedrock Titan) and a vector
store (S3 Vectors or OpenSearch Serverless), `ingest()` that puts documents in and
`search()` that finds them.

Settings (Terraform sets them): EMBEDDINGS = ``sagemaker/<endpoint>`` or
``bedrock/<model id>``; VECTOR_BUCKET + VECTOR_INDEX for S3 Vectors, or
VECTOR_COLLECTION_ENDPOINT + VECTOR_INDEX for OpenSearch Serverless. In local mode with
none of them, a hashing embedder and a JSON file under LOCAL_DATA_DIR stand in, so
ingesting and searching work offline (with word-overlap quality, not semantic).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import boto3
from pydantic import BaseModel, Field

from aws_agent_framework.settings import Settings

# S3 Vectors accepts at most 500 vectors per PutVectors call.
PUT_BATCH = 500


class Document(BaseModel):
    """One piece of text for the knowledge base; `id` makes re-ingesting an update."""

    id: str = Field(min_length=1, max_length=1024)
    text: str = Field(min_length=1)
    metadata: dict[str, Any] = Field(default_factory=dict)


class Embedder(Protocol):
    def embed(self, texts: Sequence[str]) -> list[list[float]]: ...


class VectorStore(Protocol):
    def put(self, documents: Sequence[Document], vectors: Sequence[list[float]]) -> None: ...

    def query(self, vector: list[float], top_k: int = 5) -> list[dict[str, Any]]: ...


def _mean(rows: list[list[float]]) -> list[float]:
    return [sum(column) / len(rows) for column in zip(*rows, strict=True)]


class SageMakerEmbedder:
    """A Hugging Face feature-extraction endpoint (e.g. all-MiniLM-L6-v2): token vectors
    are mean-pooled into one vector per text."""

    def __init__(self, endpoint: str, client: Any = None, region: str | None = None) -> None:
        client = client or boto3.client("sagemaker-runtime", region_name=region)
        self.endpoint = endpoint
        self._client = client

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        response = self._client.invoke_endpoint(
            EndpointName=self.endpoint,
            ContentType="application/json",
            Accept="application/json",
            Body=json.dumps({"inputs": list(texts)}),
        )
        result = json.loads(response["Body"].read())
        vectors = []
        for item in result:
            # [[token vectors]] (one sequence per text), [token vectors], or one vector.
            while isinstance(item, list) and item and isinstance(item[0], list) and len(item) == 1:
                item = item[0]
            vectors.append(_mean(item) if item and isinstance(item[0], list) else item)
        return vectors


class BedrockEmbedder:
    """Amazon Titan Text Embeddings (one request per text, normalised vectors)."""

    def __init__(self, model_id: str, client: Any = None, region: str | None = None) -> None:
        client = client or boto3.client("bedrock-runtime", region_name=region)
        self.model_id = model_id
        self._client = client

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        vectors = []
        for text in texts:
            response = self._client.invoke_model(
                modelId=self.model_id,
                contentType="application/json",
                accept="application/json",
                body=json.dumps({"inputText": text, "normalize": True}),
            )
            vectors.append(json.loads(response["body"].read())["embedding"])
        return vectors


class HashingEmbedder:
    """Offline stand-in: words hashed into a fixed number of dimensions, L2-normalised."""

    def __init__(self, dimension: int = 256) -> None:
        self.dimension = dimension

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        vectors = []
        for text in texts:
            vector = [0.0] * self.dimension
            for word in re.findall(r"\w+", text.lower()):
                digest = int.from_bytes(hashlib.sha256(word.encode()).digest()[:8], "big")
                vector[digest % self.dimension] += 1.0
            norm = math.sqrt(sum(x * x for x in vector)) or 1.0
            vectors.append([x / norm for x in vector])
        return vectors


class LocalVectorStore:
    """Offline stand-in: vectors in one JSON file, cosine similarity over all of them."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def _load(self) -> dict[str, dict[str, Any]]:
        return json.loads(self.path.read_text(encoding="utf-8")) if self.path.exists() else {}

    def put(self, documents: Sequence[Document], vectors: Sequence[list[float]]) -> None:
        with self._lock:
            items = self._load()
            for document, vector in zip(documents, vectors, strict=True):
                items[document.id] = {
                    "vector": vector,
                    "text": document.text,
                    "metadata": document.metadata,
                }
            self.path.parent.mkdir(parents=True, exist_ok=True)
            staging = self.path.with_suffix(".tmp")
            staging.write_text(json.dumps(items), encoding="utf-8")
            staging.replace(self.path)

    def query(self, vector: list[float], top_k: int = 5) -> list[dict[str, Any]]:
        with self._lock:
            items = self._load()

        def similarity(stored: list[float]) -> float:
            norm = math.sqrt(sum(x * x for x in stored)) * math.sqrt(sum(x * x for x in vector))
            return sum(a * b for a, b in zip(stored, vector, strict=True)) / norm if norm else 0.0

        scored = sorted(
            ((similarity(item["vector"]), key, item) for key, item in items.items()),
            key=lambda entry: entry[0],
            reverse=True,
        )
        return [
            {"id": key, "score": round(score, 4), "text": item["text"], **item["metadata"]}
            for score, key, item in scored[:top_k]
        ]


class S3VectorsStore:
    def __init__(
        self, bucket: str, index: str, client: Any = None, region: str | None = None
    ) -> None:
        client = client or boto3.client("s3vectors", region_name=region)
        self.bucket, self.index = bucket, index
        self._client = client

    def put(self, documents: Sequence[Document], vectors: Sequence[list[float]]) -> None:
        items = [
            {
                "key": document.id,
                "data": {"float32": [float(x) for x in vector]},
                "metadata": {**document.metadata, "text": document.text},
            }
            for document, vector in zip(documents, vectors, strict=True)
        ]
        for start in range(0, len(items), PUT_BATCH):
            self._client.put_vectors(
                vectorBucketName=self.bucket,
                indexName=self.index,
                vectors=items[start : start + PUT_BATCH],
            )

    def query(self, vector: list[float], top_k: int = 5) -> list[dict[str, Any]]:
        response = self._client.query_vectors(
            vectorBucketName=self.bucket,
            indexName=self.index,
            queryVector={"float32": [float(x) for x in vector]},
            topK=top_k,
            returnMetadata=True,
            returnDistance=True,
        )
        return [
            {"id": match["key"], "distance": match.get("distance"), **match.get("metadata", {})}
            for match in response.get("vectors", [])
        ]


class OpenSearchStore:
    """An OpenSearch Serverless vector collection, through opensearch-py with SigV4. The
    index is created with a k-NN mapping of `dimension` before the first write."""

    def __init__(
        self,
        endpoint: str,
        index: str,
        dimension: int,
        client: Any = None,
        region: str | None = None,
    ) -> None:
        if client is None:
            client = _opensearch_client(endpoint, region)
        self.index = index
        self.dimension = dimension
        self._client = client
        self._index_ready = False

    def ensure_index(self) -> None:
        if self._index_ready or self._client.indices.exists(index=self.index):
            self._index_ready = True
            return
        vector = {
            "type": "knn_vector",
            "dimension": self.dimension,
            "method": {"name": "hnsw", "engine": "faiss"},
        }
        mapping = {
            "settings": {"index.knn": True},
            "mappings": {"properties": {"embedding": vector}},
        }
        self._client.indices.create(index=self.index, body=mapping)
        self._index_ready = True

    def put(self, documents: Sequence[Document], vectors: Sequence[list[float]]) -> None:
        self.ensure_index()
        body: list[dict[str, Any]] = []
        for document, vector in zip(documents, vectors, strict=True):
            body.append({"index": {"_index": self.index, "_id": document.id}})
            body.append({"embedding": vector, "text": document.text, "metadata": document.metadata})
        response = self._client.bulk(body=body)
        if response.get("errors"):
            failed = [
                item for item in response.get("items", []) if item.get("index", {}).get("error")
            ]
            raise RuntimeError(f"OpenSearch refused {len(failed)} document(s): {failed[:3]}")

    def query(self, vector: list[float], top_k: int = 5) -> list[dict[str, Any]]:
        query = {"size": top_k, "query": {"knn": {"embedding": {"vector": vector, "k": top_k}}}}
        hits = self._client.search(index=self.index, body=query)["hits"]["hits"]
        return [{"id": hit["_id"], "score": hit["_score"], **hit["_source"]} for hit in hits]


def _opensearch_client(endpoint: str, region: str | None) -> Any:
    try:
        from opensearchpy import AWSV4SignerAuth, OpenSearch, RequestsHttpConnection
    except ImportError as error:
        raise RuntimeError("OpenSearch needs aws-agent-framework[opensearch]") from error
    credentials = boto3.Session().get_credentials()
    host = endpoint.removeprefix("https://")
    return OpenSearch(
        hosts=[{"host": host, "port": 443}],
        http_auth=AWSV4SignerAuth(credentials, region or "us-east-1", "aoss"),
        use_ssl=True,
        verify_certs=True,
        connection_class=RequestsHttpConnection,
    )


def embedder_from(settings: Settings) -> Embedder:
    if not settings.embeddings and settings.local_mode:
        return HashingEmbedder()
    provider, _, name = settings.embeddings.partition("/")
    if provider == "sagemaker" and name:
        return SageMakerEmbedder(name, region=settings.region)
    if provider == "bedrock" and name:
        return BedrockEmbedder(name, region=settings.region)
    raise ValueError(
        f"EMBEDDINGS={settings.embeddings!r}: use sagemaker/<endpoint name> or bedrock/<model id>"
    )


def store_from(settings: Settings) -> VectorStore:
    if settings.vector_bucket:
        return S3VectorsStore(settings.vector_bucket, settings.vector_index, region=settings.region)
    if settings.vector_collection_endpoint:
        return OpenSearchStore(
            settings.vector_collection_endpoint,
            settings.vector_index,
            settings.vector_dimension,
            region=settings.region,
        )
    if settings.local_mode:
        return LocalVectorStore(Path(settings.local_data_dir) / "vectors.json")
    raise ValueError("No vector store configured: set VECTOR_BUCKET or VECTOR_COLLECTION_ENDPOINT")


def ingest(
    documents: Sequence[Document], embedder: Embedder, store: VectorStore, batch: int = 16
) -> int:
    """Embeds and stores `documents` in batches; returns how many were stored."""
    for start in range(0, len(documents), batch):
        chunk = documents[start : start + batch]
        store.put(chunk, embedder.embed([document.text for document in chunk]))
    return len(documents)


def search(
    query: str, embedder: Embedder, store: VectorStore, top_k: int = 5
) -> list[dict[str, Any]]:
    """The `top_k` stored passages closest to `query`, best first."""
    return store.query(embedder.embed([query])[0], top_k=top_k)
