import pytest

from aws_agent_framework.database import quote_identifier


def test_plain_and_qualified_names_are_quoted():
    assert quote_identifier("jobs") == '"jobs"'
    assert quote_identifier("public.jobs") == '"public"."jobs"'
    assert quote_identifier("_x9") == '"_x9"'


@pytest.mark.parametrize(
    "name",
    ['jobs"; DROP TABLE users; --', "a b", "1jobs", "", "a.b.c", "jobs;", "x" * 64, 'a"b', "a-b"],
)
def test_anything_else_is_refused(name):
    with pytest.raises(ValueError, match="not a valid SQL identifier"):
        quote_identifier(name)


def test_non_strings_are_refused():
    with pytest.raises(TypeError):
        quote_identifier(3)  # type: ignore[arg-type]
