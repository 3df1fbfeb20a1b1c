import { authMode } from "@/lib/config";

test("a production build without NEXT_PUBLIC_AUTH_MODE fails loudly", () => {
  expect(() => authMode(undefined, "production")).toThrow(/NEXT_PUBLIC_AUTH_MODE must be "{{ auth_provider }}" or "local"/);
  expect(() => authMode("", "production")).toThrow(/make deploy-frontend/);
});

test("the mode a build names is the mode it gets", () => {
  expect(authMode("{{ auth_provider }}", "production")).toBe("{{ auth_provider }}");
  expect(authMode("local", "production")).toBe("local");
  expect(authMode("local", "development")).toBe("local");
});

test("an unknown mode fails in every build", () => {
  expect(() => authMode("{{ "cognito" if auth_provider == "clerk" else "clerk" }}", "production")).toThrow(/not "{{ "cognito" if auth_provider == "clerk" else "clerk" }}"/);
  expect(() => authMode("Local", "development")).toThrow(/not "Local"/);
});

test("development and tests default to {{ auth_provider }}", () => {
  expect(authMode(undefined, "development")).toBe("{{ auth_provider }}");
  expect(authMode(undefined, "test")).toBe("{{ auth_provider }}");
});
