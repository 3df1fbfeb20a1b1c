"""aws_agent_framework: the reusable part of a multi-agent app on AWS.

A domain author works in their agents' folders; this package holds what every app of
this shape needs and nothing specific to one.
"""
