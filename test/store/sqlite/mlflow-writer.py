"""Writes to an MLflow tracking store through REAL MLflow, one command per line on stdin.

Usage: python mlflow-writer.py TRACKING_URI

Each line is a JSON object; each answer is one JSON line on stdout, written once MLflow has
committed the write (so a test waits for the answer, never for a fixed time):

  {"op": "create_experiment", "name": N}                -> {"ok": true, "experiment_id": ID}
  {"op": "create_run", "experiment_id": ID, "name": N}  -> {"ok": true, "run_id": ID}
  {"op": "log_metric", "run_id": R, "key": K, "value": V, "step": S}
  {"op": "set_tag", "run_id": R, "key": K, "value": V}
  {"op": "end_run", "run_id": R, "status": "FINISHED"}
  {"op": "delete_run", "run_id": R}
  {"op": "quit"}
Values "NaN", "Infinity" and "-Infinity" are floats. Errors answer {"ok": false, "error": ...}.
The first line written is {"ok": true, "ready": true}, once the store is open (MLflow creates
and migrates a new SQLite database then).
"""

import json
import logging
import os
import sys
import warnings


def main(uri: str) -> None:
    warnings.simplefilter("ignore")
    os.environ["MLFLOW_TRACKING_URI"] = uri
    os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"
    import mlflow
    from mlflow.tracking import MlflowClient

    logging.getLogger("mlflow").setLevel(logging.ERROR)
    logging.getLogger("alembic").setLevel(logging.ERROR)
    client = MlflowClient(tracking_uri=uri)
    client.search_experiments()  # creates (and migrates) the database

    def number(value):
        return float(value) if isinstance(value, str) else value

    def answer(message):
        sys.stdout.write(json.dumps(message) + "\n")
        sys.stdout.flush()

    answer({"ok": True, "ready": True})
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            command = json.loads(line)
            op = command["op"]
            if op == "quit":
                answer({"ok": True})
                return
            if op == "create_experiment":
                answer({"ok": True, "experiment_id": client.create_experiment(command["name"])})
            elif op == "create_run":
                run = client.create_run(command["experiment_id"], run_name=command["name"])
                answer({"ok": True, "run_id": run.info.run_id})
            elif op == "log_metric":
                client.log_metric(command["run_id"], command["key"], number(command["value"]), step=command.get("step", 0))
                answer({"ok": True})
            elif op == "set_tag":
                client.set_tag(command["run_id"], command["key"], command["value"])
                answer({"ok": True})
            elif op == "end_run":
                client.set_terminated(command["run_id"], command.get("status", "FINISHED"))
                answer({"ok": True})
            elif op == "delete_run":
                client.delete_run(command["run_id"])
                answer({"ok": True})
            else:
                answer({"ok": False, "error": f"unknown op {op!r}"})
        except Exception as exc:  # reported to the test, which fails with it
            answer({"ok": False, "error": f"{type(exc).__name__}: {exc}"})


if __name__ == "__main__":
    main(sys.argv[1])
