"""The knowledge base's clients against botocore's Stubber: the requests they send for
embeddings and vectors, and how they read the answers."""

import json

import pytest
from botocore.stub import Stubber

from aws_agent_framework.settings import Settings
from aws_agent_framework.testing import offline_client, streaming_body
from aws_agent_framework.vectors import (
    BedrockEmbedder,
    Document,
    HashingEmbedder,
    LocalVectorStore,
    OpenSearchStore,
    S3VectorsStore,
    SageMakerEmbedder,
    embedder_from,
    ingest,
    search,
    store_from,
)


def test_sagemaker_token_vectors_are_mean_pooled_per_text():
    runtime = offline_client("sagemaker-runtime")
    with Stubber(runtime) as stub:
        stub.add_response(
            "invoke_endpoint",
            {"Body": streaming_body([[[[1.0, 3.0], [3.0, 5.0]]], [[2.0, 2.0]]])},
            {
                "EndpointName": "app-embeddings",
                "ContentType": "application/json",
                "Accept": "application/json",
                "Body": json.dumps({"inputs": ["a b", "c"]}),
            },
        )
        vectors = SageMakerEmbedder("app-embeddings", runtime).embed(["a b", "c"])
    assert vectors == [[2.0, 4.0], [2.0, 2.0]]


def test_titan_embeds_one_text_per_request():
    bedrock = offline_client("bedrock-runtime")
    with Stubber(bedrock) as stub:
        for vector in ([0.1, 0.2], [0.3, 0.4]):
            stub.add_response(
                "invoke_model",
                {"body": streaming_body({"embedding": vector}), "contentType": "application/json"},
            )
        vectors = BedrockEmbedder("amazon.titan-embed-text-v2:0", bedrock).embed(["x", "y"])
    assert vectors == [[0.1, 0.2], [0.3, 0.4]]


def test_s3_vectors_put_and_query():
    s3vectors = offline_client("s3vectors")
    store = S3VectorsStore("app-vectors", "knowledge", s3vectors)
    with Stubber(s3vectors) as stub:
        stub.add_response(
            "put_vectors",
            {},
            {
                "vectorBucketName": "app-vectors",
                "indexName": "knowledge",
                "vectors": [
                    {
                        "key": "doc-1",
                        "data": {"float32": [1.0, 0.0]},
                        "metadata": {"source": "faq", "text": "Hello"},
                    }
                ],
            },
        )
        stub.add_response(
            "query_vectors",
            {
                "vectors": [{"key": "doc-1", "distance": 0.1, "metadata": {"text": "Hello"}}],
                "distanceMetric": "cosine",
            },
            {
                "vectorBucketName": "app-vectors",
                "indexName": "knowledge",
                "queryVector": {"float32": [1.0, 0.0]},
                "topK": 3,
                "returnMetadata": True,
                "returnDistance": True,
            },
        )
        store.put([Document(id="doc-1", text="Hello", metadata={"source": "faq"})], [[1, 0]])
        assert store.query([1, 0], top_k=3) == [{"id": "doc-1", "distance": 0.1, "text": "Hello"}]


class FakeOpenSearch:
    """opensearch-py's client surface the store uses: indices.exists/create and bulk."""

    def __init__(self, errors=False):
        self.bulks = []
        self.created = []
        self.errors = errors
        self.indices = self

    def exists(self, index):
        return index in [name for name, _ in self.created]

    def create(self, index, body):
        self.created.append((index, body))

    def bulk(self, body):
        self.bulks.append(body)
        if self.errors:
            return {
                "errors": True,
                "items": [{"index": {"_id": "d", "error": {"type": "mapper_parsing_exception"}}}],
            }
        return {"errors": False, "items": []}


def test_opensearch_bulk_writes_and_reports_refused_documents():
    fake = FakeOpenSearch()
    store = OpenSearchStore("https://x.aoss.amazonaws.com", "knowledge", 1, fake)
    store.put([Document(id="d", text="t")], [[0.5]])
    store.put([Document(id="e", text="u")], [[0.25]])
    ((index, mapping),) = fake.created  # the k-NN index is created once, before the first write
    assert index == "knowledge"
    assert mapping["mappings"]["properties"]["embedding"]["dimension"] == 1
    assert fake.bulks[0] == [
        {"index": {"_index": "knowledge", "_id": "d"}},
        {"embedding": [0.5], "text": "t", "metadata": {}},
    ]
    with pytest.raises(RuntimeError, match="refused 1 document"):
        OpenSearchStore("https://x", "knowledge", 1, FakeOpenSearch(errors=True)).put(
            [Document(id="d", text="t")], [[0.5]]
        )


def test_ingest_embeds_and_stores_in_batches():
    class Recorder:
        def __init__(self):
            self.calls = []

        def embed(self, texts):
            self.calls.append(list(texts))
            return [[float(len(t))] for t in texts]

        def put(self, documents, vectors):
            self.calls.append([(d.id, v) for d, v in zip(documents, vectors, strict=True)])

    recorder = Recorder()
    documents = [Document(id=str(i), text="x" * (i + 1)) for i in range(3)]
    assert ingest(documents, recorder, recorder, batch=2) == 3
    assert recorder.calls == [["x", "xx"], [("0", [1.0]), ("1", [2.0])], ["xxx"], [("2", [3.0])]]


def test_settings_choose_the_clients_and_name_what_is_missing():
    assert isinstance(
        embedder_from(Settings(embeddings="sagemaker/app-embeddings", aws_region="us-east-1")),
        SageMakerEmbedder,
    )
    assert isinstance(
        embedder_from(
            Settings(embeddings="bedrock/amazon.titan-embed-text-v2:0", aws_region="us-east-1")
        ),
        BedrockEmbedder,
    )
    assert isinstance(
        store_from(Settings(vector_bucket="app-vectors", aws_region="us-east-1")), S3VectorsStore
    )
    on_aws = {"aurora_cluster_arn": "arn:aws:rds:us-east-1:1:cluster:c"}
    with pytest.raises(ValueError, match="EMBEDDINGS"):
        embedder_from(Settings(**on_aws))
    with pytest.raises(ValueError, match="VECTOR_BUCKET or VECTOR_COLLECTION_ENDPOINT"):
        store_from(Settings(**on_aws))
    assert isinstance(embedder_from(Settings()), HashingEmbedder)
    assert isinstance(store_from(Settings()), LocalVectorStore)


def test_offline_the_knowledge_base_finds_the_closest_document(tmp_path):
    embedder, store = HashingEmbedder(), LocalVectorStore(tmp_path / "vectors.json")
    documents = [
        Document(
            id="hours", text="The shop opens at nine and closes at five", metadata={"source": "faq"}
        ),
        Document(id="refunds", text="Refunds are paid within ten days"),
    ]
    assert ingest(documents, embedder, store) == 2
    hits = search("when does the shop open", embedder, LocalVectorStore(tmp_path / "vectors.json"))
    assert [hit["id"] for hit in hits] == ["hours", "refunds"]
    assert hits[0]["source"] == "faq" and hits[0]["score"] > hits[1]["score"]
    assert embedder.embed(["same words"]) == HashingEmbedder().embed(["same words"])
