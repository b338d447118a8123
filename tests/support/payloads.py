"""The payloads the walking-skeleton issue names: every test of untrusted text starts from these."""

ISSUE_PAYLOADS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "{{ config }}",
    "{% raw %}",
    '--8<-- "/etc/passwd"',
    "!!! note",
    '{: onclick="alert(1)" }',
    "<!-- -->",
)
