"""Print what REAL MLflow answers for a file store, as the tracking server would send it.

Usage: python dump.py STORE_DIR WHAT [args]

  experiments [--all]                                   -> {"experiments": [...]}
  runs [--experiment ID]... [--filter F] [--order-by C]... [--all] [--max-results N]
                                                        -> {"runs": [...]}
  run RUN_ID                                            -> {"run": {...}}
  history RUN_ID KEY                                    -> {"metrics": [...]}
  models                                                -> {"registered_models": [...]}

  batch        (stdin: a JSON list of argument lists, e.g. [["run", "ab12..."], ["models"]])
               -> a JSON list with one answer per query, in order; a query MLflow rejects
                  answers {"error_code": ..., "message": ...} like the server would

The JSON is built exactly like mlflow/server/handlers.py builds its responses: the store's
entities go through `to_proto()` into the RPC's Response message, which is rendered with
`mlflow.utils.proto_json_utils.message_to_json` (int64 as JSON numbers, enums as names, unset
fields and empty lists omitted, NaN/±inf as the strings "NaN"/"Infinity"/"-Infinity").
Pagination is followed to the end, so lists are complete and `next_page_token` never appears.
Checked against `mlflow server` on the same store (3.1.4 and 3.17.2): identical, except the
order of `latest_versions`, which follows directory listing order in both.

MLflow writes into a store it opens (.trash/, models/, 0/), so this works on a copy of
STORE_DIR in a temporary directory, deleted afterwards. The answers do not depend on where the
copy lives: MLflow reports the artifact URIs recorded in the meta.yaml files, which still name
STORE_DIR. STORE_DIR may instead be a SQLite store's URI (sqlite:////abs/mlflow.db): the
database file is copied the same way. Prints nothing but the JSON; errors go to stderr with a
non-zero exit.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import logging
import os
import shutil
import sys
import tempfile
import traceback
import warnings


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # raise instead of exiting, so batch queries report it
        raise UsageError(message)


def query_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="dump.py STORE_DIR")
    sub = p.add_subparsers(dest="what", required=True, parser_class=_Parser)
    e = sub.add_parser("experiments")
    e.add_argument("--all", action="store_true")
    r = sub.add_parser("runs")
    r.add_argument("--experiment", action="append", default=[])
    r.add_argument("--filter", default="")
    r.add_argument("--order-by", action="append", default=[])
    r.add_argument("--all", action="store_true")
    r.add_argument("--max-results", type=int, default=None)
    g = sub.add_parser("run")
    g.add_argument("run_id")
    h = sub.add_parser("history")
    h.add_argument("run_id")
    h.add_argument("key")
    sub.add_parser("models")
    return p


def open_store(store: str):
    """Point MLflow at `store` (a copy of a file store, or a URI such as sqlite:////x.db or
    http://host:port) and return a client; silences MLflow's chatter."""
    uri = store if "://" in store else "file://" + store
    os.environ["MLFLOW_TRACKING_URI"] = uri
    os.environ["MLFLOW_REGISTRY_URI"] = uri
    os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"  # 3.13+ refuse file stores without it
    warnings.simplefilter("ignore")

    import mlflow
    from mlflow.tracking import MlflowClient

    logging.getLogger("mlflow").setLevel(logging.ERROR)
    mlflow.set_tracking_uri(uri)
    mlflow.set_registry_uri(uri)
    return MlflowClient(tracking_uri=uri, registry_uri=uri)


def answer(client, argv: list[str]) -> dict:
    from mlflow.entities import ViewType
    from mlflow.protos.model_registry_pb2 import SearchRegisteredModels
    from mlflow.protos.service_pb2 import GetMetricHistory, GetRun, SearchExperiments, SearchRuns
    from mlflow.utils.proto_json_utils import message_to_json

    args = query_parser().parse_args(argv)

    def render(message) -> dict:
        return json.loads(message_to_json(message))

    def all_pages(fetch):
        out, token = [], None
        while True:
            page = fetch(token)
            out.extend(page)
            token = page.token
            if not token:
                return out

    def experiments(view):
        return all_pages(
            lambda tok: client.search_experiments(view_type=view, max_results=1000, page_token=tok)
        )

    if args.what == "experiments":
        resp = SearchExperiments.Response()
        view = ViewType.ALL if args.all else ViewType.ACTIVE_ONLY
        resp.experiments.extend([e.to_proto() for e in experiments(view)])
        return render(resp)

    if args.what == "runs":
        ids = list(args.experiment) or [e.experiment_id for e in experiments(ViewType.ACTIVE_ONLY)]
        view = ViewType.ALL if args.all else ViewType.ACTIVE_ONLY

        def fetch(tok, n):
            return client.search_runs(
                ids,
                filter_string=args.filter,
                run_view_type=view,
                max_results=n,
                order_by=args.order_by or None,
                page_token=tok,
            )

        if args.max_results is not None:
            runs = list(fetch(None, args.max_results))
        else:
            runs = all_pages(lambda tok: fetch(tok, 1000))
        resp = SearchRuns.Response()
        resp.runs.extend([r.to_proto() for r in runs])
        return render(resp)

    if args.what == "run":
        resp = GetRun.Response()
        resp.run.MergeFrom(client.get_run(args.run_id).to_proto())
        return render(resp)

    if args.what == "history":
        resp = GetMetricHistory.Response()
        history = client.get_metric_history(args.run_id, args.key)
        resp.metrics.extend([m.to_proto() for m in history])
        return render(resp)

    if args.what == "models":
        models = all_pages(
            lambda tok: client.search_registered_models(max_results=1000, page_token=tok)
        )
        resp = SearchRegisteredModels.Response()
        resp.registered_models.extend([m.to_proto() for m in models])
        return render(resp)

    raise UsageError(f"unknown query {args.what!r}")


def error_answer(exc: BaseException) -> dict:
    from mlflow.exceptions import MlflowException

    if isinstance(exc, MlflowException):
        return {"error_code": exc.error_code, "message": exc.message}
    return {"error_code": "INTERNAL_ERROR", "message": f"{type(exc).__name__}: {exc}"}


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    # A SQLite store is given as its URI (sqlite:///relative.db, sqlite:////absolute.db).
    sqlite = argv[0].startswith("sqlite:///")
    src = os.path.abspath(argv[0][len("sqlite:///") :] if sqlite else argv[0])
    if sqlite and not os.path.isfile(src):
        print(f"dump.py: {src} is not a file", file=sys.stderr)
        return 2
    if not sqlite and not os.path.isdir(src):
        print(f"dump.py: {src} is not a directory", file=sys.stderr)
        return 2
    batch = argv[1] == "batch"
    try:
        queries = json.load(sys.stdin) if batch else [argv[1:]]
        if not all(isinstance(q, list) and all(isinstance(a, str) for a in q) for q in queries):
            raise UsageError("batch input must be a JSON list of lists of strings")
        for q in queries:
            query_parser().parse_args(q)  # reject bad usage before copying anything
    except (UsageError, ValueError) as exc:
        print(f"dump.py: {exc}", file=sys.stderr)
        return 2

    tmp = tempfile.mkdtemp(prefix="mlwatch-dump-")
    captured = io.StringIO()
    try:
        if sqlite:
            shutil.copy2(src, os.path.join(tmp, "mlflow.db"))
            store = "sqlite:///" + os.path.join(tmp, "mlflow.db")
        else:
            store = os.path.join(tmp, "mlruns")
            shutil.copytree(src, store, symlinks=True)
        results = []
        with contextlib.redirect_stdout(captured), contextlib.redirect_stderr(captured):
            client = open_store(store)
            for q in queries:
                if not batch:
                    results.append(answer(client, q))
                    continue
                try:
                    results.append(answer(client, q))
                except Exception as exc:
                    results.append(error_answer(exc))
        out = results if batch else results[0]
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=1) + "\n")
        return 0
    except Exception:
        sys.stderr.write(captured.getvalue())
        traceback.print_exc()
        return 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
