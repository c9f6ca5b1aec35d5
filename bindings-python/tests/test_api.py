"""The Python contract: input forms, the one exception type, panics, threads and the GIL."""

from __future__ import annotations

import copy
import datetime
import json
import pickle
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

import pytest

import coolify_k8s
from coolify_k8s import _native
from conftest import cases, input_file

EXAMPLE = cases("render")[0] if cases("render") else None


def example() -> dict[str, Any]:
    assert EXAMPLE is not None, "no render vectors"
    value: dict[str, Any] = json.loads(input_file(EXAMPLE).read_text(encoding="utf-8"))
    return value


def status_case(name: str) -> tuple[Any, dict[str, Any], dict[str, Any]]:
    folder = next(c for c in cases("status") if c.name == name)
    observed = json.loads(input_file(folder).read_text(encoding="utf-8"))
    context = json.loads((folder / "context.json").read_text(encoding="utf-8"))
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    return observed, context, expected


def problems_of(function: Callable[..., Any], *args: Any, **kwargs: Any) -> list[dict[str, str]]:
    """Calls `function`, which must raise CoolifyK8sError and nothing else; returns its problems."""
    with pytest.raises(coolify_k8s.CoolifyK8sError) as caught:
        function(*args, **kwargs)
    problems = caught.value.problems
    assert isinstance(problems, list) and problems
    for problem in problems:
        assert sorted(problem) == ["code", "message", "path"]
        assert all(isinstance(v, str) for v in problem.values())
    return problems


# --- input forms -----------------------------------------------------------------------------


def test_dict_and_json_text_give_the_same_result() -> None:
    bundle = example()
    text = json.dumps(bundle)
    assert coolify_k8s.render(bundle) == coolify_k8s.render(text)
    assert coolify_k8s.render_yaml(bundle) == coolify_k8s.render_yaml(text)
    assert coolify_k8s.render_yaml(bundle) == coolify_k8s.render_yaml(json.dumps(bundle, indent=4))


def test_render_does_not_touch_its_input() -> None:
    bundle = example()
    before = copy.deepcopy(bundle)
    coolify_k8s.render(bundle)
    assert bundle == before


def test_render_returns_plain_python_values() -> None:
    rendered = coolify_k8s.render(example())
    assert type(rendered) is dict and sorted(rendered) == ["manifests", "warnings"]

    def walk(value: Any) -> None:
        assert type(value) in (dict, list, str, int, float, bool, type(None)), type(value)
        if isinstance(value, dict):
            assert all(type(k) is str for k in value)
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(rendered)


def test_render_yaml_is_deterministic() -> None:
    bundle = example()
    assert coolify_k8s.render_yaml(bundle) == coolify_k8s.render_yaml(bundle)


# --- errors ----------------------------------------------------------------------------------


class Opaque:
    pass


GARBAGE: list[Any] = [
    None,
    42,
    3.5,
    True,
    [1, 2, 3],
    ["application"],
    b'{"application": {}}',
    Opaque(),
    {Opaque()},
    {"application": Opaque()},
    {"application": {"name": datetime.datetime(2025, 5, 1)}},
    {"application": {1: "one"}},
    {"application": 2**70},
    "",
    "garbage: [",
    "{ not json",
    "- a\n- list\n",
]


@pytest.mark.parametrize("bundle", GARBAGE, ids=[f"{i}-{type(g).__name__}" for i, g in enumerate(GARBAGE)])
def test_garbage_raises_coolify_k8s_error(bundle: Any) -> None:
    for function in (coolify_k8s.render, coolify_k8s.render_yaml):
        problems_of(function, bundle)


def test_the_exception_is_a_value_error_from_coolify_k8s() -> None:
    assert issubclass(coolify_k8s.CoolifyK8sError, ValueError)
    assert coolify_k8s.CoolifyK8sError.__module__ == "coolify_k8s"
    assert coolify_k8s.CoolifyK8sError is _native.CoolifyK8sError
    with pytest.raises(ValueError) as caught:
        coolify_k8s.render({"application": {"ports_exposes": "99999"}})
    assert type(caught.value) is coolify_k8s.CoolifyK8sError


def test_the_message_lists_every_problem_like_the_cli() -> None:
    with pytest.raises(coolify_k8s.CoolifyK8sError) as caught:
        coolify_k8s.render("{ not json")
    lines = [f"{p['path']}: {p['message']} [{p['code']}]" for p in caught.value.problems]
    assert str(caught.value) == "\n".join(lines)


def test_an_unconvertible_bundle_is_invalid_bundle() -> None:
    assert [p["code"] for p in problems_of(coolify_k8s.render, {"application": Opaque()})] == ["invalid_bundle"]


def test_an_unconvertible_value_is_located_in_the_message() -> None:
    bundle = {"application": {"name": "web"}, "envs": [{"key": "A", "value": "a"}, {"key": "B", "value": Opaque()}]}
    [problem] = problems_of(coolify_k8s.render, bundle)
    assert problem["code"] == "invalid_bundle" and problem["path"] == ""
    assert "(at envs[1].value)" in problem["message"] and "Opaque" in problem["message"]


def test_the_exception_pickles_with_its_problems() -> None:
    with pytest.raises(coolify_k8s.CoolifyK8sError) as caught:
        coolify_k8s.render(42)
    again = pickle.loads(pickle.dumps(caught.value))
    assert type(again) is coolify_k8s.CoolifyK8sError
    assert again.problems == caught.value.problems
    assert str(again) == str(caught.value)


@pytest.mark.skipif(
    not hasattr(_native, "_panic_probe"),
    reason="the wheel was built without the test-probes feature (test.sh builds with it)",
)
def test_a_rust_panic_raises_coolify_k8s_error() -> None:
    probe: Callable[[], None] = getattr(_native, "_panic_probe")
    problems = problems_of(probe)
    assert [p["code"] for p in problems] == ["internal_error"]
    assert "panic probe" in problems[0]["message"]
    # The interpreter is fine afterwards.
    assert coolify_k8s.render_yaml(example())


# --- verdict ---------------------------------------------------------------------------------


def aware(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_verdict_takes_datetimes_or_text() -> None:
    observed, context, expected = status_case("05-progress-deadline-exceeded")
    as_text = coolify_k8s.verdict(observed, **context)
    as_datetimes = coolify_k8s.verdict(
        json.dumps(observed),
        aware(context["now"]),
        deployed_at=aware(context["deployed_at"]),
        grace=context["grace"],
    )
    assert as_text == as_datetimes == expected
    in_berlin = aware(context["now"]).astimezone(datetime.timezone(datetime.timedelta(hours=2)))
    assert coolify_k8s.verdict(observed, in_berlin, deployed_at=context["deployed_at"]) == expected


def test_verdict_arguments_left_out_take_the_core_defaults() -> None:
    observed, context, _ = status_case("01-awaiting-objects")
    spelled_out = coolify_k8s.verdict(observed, **context)
    assert context["grace"] == 120 and context["pull_request"] == 0 and context["health_check"] == "auto"
    assert coolify_k8s.verdict(observed, context["now"], context["deployed_at"]) == spelled_out
    nones = coolify_k8s.verdict(observed, context["now"], context["deployed_at"], None, None, None)
    assert nones == spelled_out


BAD_CONTEXTS: list[tuple[dict[str, Any], str]] = [
    ({"now": "yesterday"}, "now"),
    ({"now": datetime.datetime(2025, 5, 1, 12)}, "now"),  # naive: no offset
    ({"now": 1746100800}, "now"),
    ({"now": "2025-05-01T12:00:00Z", "deployed_at": "soon"}, "deployed_at"),
    ({"now": "2025-05-01T12:00:00Z", "grace": -1}, "grace"),
    ({"now": "2025-05-01T12:00:00Z", "grace": "120"}, "grace"),
    ({"now": "2025-05-01T12:00:00Z", "pull_request": 1.5}, "pull_request"),
    ({"now": "2025-05-01T12:00:00Z", "health_check": "maybe"}, "health_check"),
    ({"now": "2025-05-01T12:00:00Z", "health_check": Opaque()}, "health_check"),
]


@pytest.mark.parametrize("context,path", BAD_CONTEXTS, ids=[f"{i}-{p}" for i, (_, p) in enumerate(BAD_CONTEXTS)])
def test_a_bad_verdict_argument_raises_invalid_context(context: dict[str, Any], path: str) -> None:
    problems = problems_of(coolify_k8s.verdict, {"apiVersion": "v1", "kind": "List", "items": []}, **context)
    assert [(p["code"], p["path"]) for p in problems] == [("invalid_context", path)]


@pytest.mark.parametrize("observed", [None, 42, Opaque(), "", "error: forbidden", {"error": "forbidden"}])
def test_bad_observed_input_raises_coolify_k8s_error(observed: Any) -> None:
    problems_of(coolify_k8s.verdict, observed, "2025-05-01T12:00:00Z")


# --- threads and the GIL ---------------------------------------------------------------------


def test_threads_rendering_at_once_agree_with_one_thread() -> None:
    bundles = [json.loads(input_file(c).read_text(encoding="utf-8")) for c in cases("render") if input_file(c).suffix == ".json"]
    expected = [(coolify_k8s.render_yaml(b), coolify_k8s.render(b)) for b in bundles]

    def work(shift: int) -> list[tuple[str, Any]]:
        """Every bundle, each thread starting at a different one."""
        got: dict[int, tuple[str, Any]] = {}
        for k in range(len(bundles)):
            i = (k + shift) % len(bundles)
            got[i] = (coolify_k8s.render_yaml(bundles[i]), coolify_k8s.render(bundles[i]))
        return [got[i] for i in range(len(bundles))]

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(work, range(8)))
    for result in results:
        assert result == expected


def big_bundle(variables: int) -> str:
    bundle = example()
    bundle.pop("envs", None)
    bundle["environment_variables"] = [{"key": f"VAR_{i}", "value": "x" * 40, "is_runtime": True} for i in range(variables)]
    return json.dumps(bundle)


def test_the_gil_is_released_while_the_core_works() -> None:
    """While one thread renders a large bundle, another keeps running Python code.

    If the core held the GIL, the main thread would stall for the whole call: its longest pause
    would be about the call's length. Timing-based, so it tries three times."""
    text = big_bundle(8000)
    attempts = []
    for _ in range(3):
        done = threading.Event()
        took: list[float] = []

        def render() -> None:
            start = time.perf_counter()
            coolify_k8s.render_yaml(text)
            took.append(time.perf_counter() - start)
            done.set()

        worker = threading.Thread(target=render)
        last = time.perf_counter()
        longest = 0.0
        worker.start()
        while not done.is_set():
            now = time.perf_counter()
            longest = max(longest, now - last)
            last = now
        worker.join()
        attempts.append((longest, took[0]))
        if took[0] > 0.05 and longest < took[0] / 2:
            return
    pytest.fail(f"the main thread stalled while the core worked (longest pause, call time): {attempts}")


@pytest.fixture(autouse=True)
def _fast_switching() -> Any:
    """A short switch interval makes the GIL test's signal sharp; restored afterwards."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(0.001)
    yield
    sys.setswitchinterval(before)


# --- compose, plan, coordinate -----------------------------------------------------------------


COMPOSE_INPUT: dict[str, Any] = {
    "uuid": "k8w3sdf0o4c",
    "name": "shop",
    "variables": {"POSTGRES_PASSWORD": "s3cret"},
    "compose": "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}\n",
}


def test_compose_dict_and_text_give_the_same_result() -> None:
    text = json.dumps(COMPOSE_INPUT)
    assert coolify_k8s.render_compose(COMPOSE_INPUT) == coolify_k8s.render_compose(text)
    yaml_text = "".join(f"{k}: {json.dumps(v)}\n" for k, v in COMPOSE_INPUT.items())
    assert coolify_k8s.render_compose_yaml(COMPOSE_INPUT) == coolify_k8s.render_compose_yaml(yaml_text)
    assert "kind: Deployment" in coolify_k8s.render_compose_yaml(COMPOSE_INPUT)


def test_plan_dict_and_text_give_the_same_plan() -> None:
    action = {"action": "scale", "replicas": 3, "context": "prod", "bundle": example()}
    planned = coolify_k8s.plan(action)
    assert planned == coolify_k8s.plan(json.dumps(action))
    assert planned["action"] == "scale" and planned["steps"][0]["command"].startswith("kubectl --context=prod")


def coordination(now: Any = None) -> dict[str, Any]:
    scenario = json.loads(input_file(cases("coordinate")[0]).read_text(encoding="utf-8"))
    poll = scenario["polls"][0]
    value = {"spec": scenario["spec"], "deployments": poll["deployments"]}
    if now is not None:
        value["now"] = now
    return value


def test_coordinate_takes_now_as_an_argument() -> None:
    """`now` (a datetime or RFC 3339 text) sets or replaces the input's, like the CLI's --now."""
    at = "2025-01-20T10:00:00Z"
    expected = coolify_k8s.coordinate(coordination(at))
    assert coolify_k8s.coordinate(coordination(), at) == expected
    assert coolify_k8s.coordinate(coordination("2000-01-01T00:00:00Z"), aware(at)) == expected
    assert coolify_k8s.coordinate(json.dumps(coordination()), now=aware(at)) == expected
    assert coolify_k8s.coordinate(coordination(at), None) == expected
    [problem] = problems_of(coolify_k8s.coordinate, coordination())
    assert (problem["code"], problem["path"]) == ("missing_field", "now")


@pytest.mark.parametrize("now", ["noon", 1737367200, datetime.datetime(2025, 1, 20, 10), Opaque()])
def test_a_bad_now_raises_invalid_input(now: Any) -> None:
    problems = problems_of(coolify_k8s.coordinate, coordination(), now)
    assert [(p["code"], p["path"]) for p in problems] == [("invalid_input", "now")]


def test_a_bad_input_and_a_bad_now_are_reported_together() -> None:
    problems = problems_of(coolify_k8s.coordinate, "{", "noon")
    assert [p["code"] for p in problems] == ["invalid_input", "invalid_input"]


NEW_FUNCTIONS: list[Callable[[Any], Any]] = [
    coolify_k8s.render_compose,
    coolify_k8s.render_compose_yaml,
    coolify_k8s.plan,
    coolify_k8s.coordinate,
]


@pytest.mark.parametrize("value", GARBAGE, ids=[f"{i}-{type(g).__name__}" for i, g in enumerate(GARBAGE)])
def test_garbage_input_raises_coolify_k8s_error(value: Any) -> None:
    for function in NEW_FUNCTIONS:
        problems_of(function, value)


@pytest.mark.parametrize("value", [None, 42, b"pod 1m 1Mi", ["a"], Opaque()])
def test_readers_take_text_only(value: Any) -> None:
    for function, name in [
        (coolify_k8s.parse_top, "output"),
        (coolify_k8s.check_cluster, "output"),
        (coolify_k8s.parse_kubeconfig, "text"),
    ]:
        assert [(p["code"], p["path"]) for p in problems_of(function, value)] == [("invalid_argument", name)]
    problems = problems_of(coolify_k8s.rewrite_k3s_kubeconfig, value, value)
    assert [(p["code"], p["path"]) for p in problems] == [("invalid_argument", "text"), ("invalid_argument", "address")]
    problems = problems_of(coolify_k8s.parse_kubeconfig, "apiVersion: v1\n", value if value is not None else 7)
    assert [(p["code"], p["path"]) for p in problems] == [("invalid_argument", "context")]


@pytest.mark.parametrize("text", ["", "garbage", "{", "\x00", "NAME CPU MEMORY\nweb 1x 2y z\n", "server: [\n"])
def test_bad_text_for_the_readers_is_a_result_or_coolify_k8s_error(text: str) -> None:
    """The readers are lenient where the core is: text they cannot read is CoolifyK8sError, never a crash."""
    calls: list[Callable[[], Any]] = [
        lambda: coolify_k8s.parse_top(text),
        lambda: coolify_k8s.check_cluster(text),
        lambda: coolify_k8s.parse_kubeconfig(text),
        lambda: coolify_k8s.rewrite_k3s_kubeconfig(text, "203.0.113.7"),
    ]
    for call in calls:
        try:
            result = call()
        except coolify_k8s.CoolifyK8sError as error:
            assert error.problems
        else:
            assert isinstance(result, (dict, str))
    problems_of(coolify_k8s.parse_kubeconfig, text)
