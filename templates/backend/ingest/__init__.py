"""The knowledge-base ingest function: embeds documents and stores them in the {{ "S3 Vectors index" if vectors == "s3-vectors" else "OpenSearch Serverless collection" }}."""
