{% set part = "5_database" %}
{% include "_partials/terraform_header.jinja" %}

# Aurora Serverless v2 Postgres for {{ app_name }}, reached through the RDS Data API (no
# VPC networking in the functions). It can scale to zero capacity when idle; the first
# query after that waits while it resumes, and the framework retries it.

data "aws_vpc" "default" {
  default = true
}

data "aws_subnets" "default" {
  filter {
    name   = "vpc-id"
    values = [data.aws_vpc.default.id]
  }
}

resource "aws_db_subnet_group" "this" {
  name       = "${var.app_name}-db"
  subnet_ids = data.aws_subnets.default.ids
}

# No ingress rules: nothing connects over the network; the Data API is an AWS endpoint.
resource "aws_security_group" "db" {
  name        = "${var.app_name}-db"
  description = "Aurora for ${var.app_name}: no network access, Data API only"
  vpc_id      = data.aws_vpc.default.id
}

resource "aws_rds_cluster_parameter_group" "this" {
  name   = "${var.app_name}-db"
  family = "aurora-postgresql16"

  parameter {
    name  = "log_min_duration_statement"
    value = "1000"
  }
}

resource "aws_rds_cluster" "this" {
  # checkov:skip=CKV_AWS_139:Off by default so the guide's destroy step works for a first deployment; set deletion_protection = true for production (guides/5_database.md).
  # checkov:skip=CKV_AWS_327:Encrypted with the AWS-managed RDS key; pass kms_key_arn to use your own key.
  # checkov:skip=CKV2_AWS_8:Aurora's continuous backups (backup_retention_days) cover point-in-time restore; add AWS Backup plans for cross-account copies.
  # checkov:skip=CKV2_AWS_27:log_statement=all would copy every query and its data into CloudWatch; statements slower than 1 s are logged instead (log_min_duration_statement).
  # checkov:skip=CKV_AWS_162:The app signs in with the Secrets Manager credentials through the Data API, which does not use IAM database authentication.
  cluster_identifier              = "${var.app_name}-db"
  engine                          = "aurora-postgresql"
  engine_mode                     = "provisioned"
  engine_version                  = var.engine_version
  database_name                   = var.database_name
  master_username                 = "app_admin"
  manage_master_user_password     = true
  enable_http_endpoint            = true
  storage_encrypted               = true
  kms_key_id                      = var.kms_key_arn
  db_subnet_group_name            = aws_db_subnet_group.this.name
  vpc_security_group_ids          = [aws_security_group.db.id]
  db_cluster_parameter_group_name = aws_rds_cluster_parameter_group.this.name
  backup_retention_period         = var.backup_retention_days
  copy_tags_to_snapshot           = true
  deletion_protection             = var.deletion_protection
  skip_final_snapshot             = !var.final_snapshot
  final_snapshot_identifier       = var.final_snapshot ? "${var.app_name}-db-final" : null
  enabled_cloudwatch_logs_exports = ["postgresql"]

  serverlessv2_scaling_configuration {
    min_capacity             = var.min_capacity
    max_capacity             = var.max_capacity
    seconds_until_auto_pause = var.min_capacity == 0 ? var.seconds_until_auto_pause : null
  }
}

resource "aws_rds_cluster_instance" "this" {
  # checkov:skip=CKV_AWS_118:Enhanced monitoring needs an extra role and costs per instance; Performance Insights covers query analysis.
  # checkov:skip=CKV_AWS_354:Performance Insights data is encrypted with the AWS-managed key; pass kms_key_arn on the cluster for your own.
  identifier                   = "${var.app_name}-db-1"
  cluster_identifier           = aws_rds_cluster.this.id
  instance_class               = "db.serverless"
  engine                       = aws_rds_cluster.this.engine
  engine_version               = aws_rds_cluster.this.engine_version
  auto_minor_version_upgrade   = true
  performance_insights_enabled = true
}
