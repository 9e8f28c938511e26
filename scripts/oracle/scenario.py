"""Write a small but nasty MLflow file store with REAL MLflow, for the oracle tests.

Usage: python scenario.py OUTDIR [TRACKING_URI]

OUTDIR must not exist yet (or be empty). With TRACKING_URI (sqlite:////abs/mlflow.db, or
http://host:port of a running `mlflow server`) the same runs are logged there instead of
into a file store at OUTDIR; OUTDIR is then the working folder (local artifacts land in it). Runs with the interpreter of a venv made by
scripts/mlflow-env.sh (MLflow 3.1.4 or the newest 3.x) and prints nothing but errors.

Names and values are fixed so tests can refer to runs by name; ids (experiment ids, run ids,
model ids) and wall-clock timestamps differ from one run of this script to the next. Where a
metric's "latest value" depends on timestamps, explicit timestamps are logged.

What the store holds (experiment names are what the tests look up):

* "Default" (id 0): created by MLflow itself, left empty.
* "mlwatch-scenario": the main experiment.
    - "baseline" FINISHED: params incl. a 5000-char value and unicode; tags incl. a key with a
      space and a run description (mlflow.note.content); metrics "loss" (3000 steps),
      "accuracy", nested "train/loss", "system/cpu_utilization_percentage", "dup" (step 5 logged
      twice with different values), "ooo" (out-of-order steps: the last line is not the
      latest), "nostep" (no step -> step 0), "weird" (nan, inf, -inf in its history, latest
      -inf), "val_nan" (latest NaN), "val_inf" (latest +inf); a pandas dataset input with
      context "training"; artifacts notes.txt and config/params.json.
    - "parent" with nested children "child-1" and "child-2" (tag mlflow.parentRunId).
    - "sweep-01".."sweep-04": param lr / batch_size, metric "score" (sweep-03 NaN, sweep-04
      has none), tags priority (High/low/...).
    - "failed-run" FAILED, "killed-run" KILLED, "running-run" left RUNNING (client.create_run).
    - "deleted-run": deleted (lifecycle_stage deleted, folder stays).
* "Ünïcode – 実験 🧪": unicode name, tags (incl. unicode key/value), a description via
  mlflow.note.content; run "ünïcode-run" with unicode params/tags and a numpy dataset input
  with context "eval".
* "models": run "train-model" logs an sklearn model (3.x logged model, name="rf-model",
  model_type "classifier", params, tags) at step 3, "val_acc" against that model (model_id)
  and once also against a dataset (a 5-field metric line), a dataset input with context
  "training", and a second, pyfunc model "echo-model" at step 0 (so two model outputs); run
  "eval-model" has rf-model as a model input. A logged model "deleted-model" is deleted.
  (MLflow also copies the run's metrics into each model's metric files at log_model time.)
* "to-be-deleted": run "doomed-run"; the experiment is deleted (moved to .trash/).
* Model registry: "sk-classifier" (description, tags; versions 1..4 registered from the
  rf-model artifact location without model_id, each with a tag and a description; v1 ->
  Staging, v2 -> Production, v3 -> Staging archiving v1; v4 deleted; aliases champion -> 2,
  challenger -> 3; tag "validated" on v2), "pyfunc-model" (one version registered 3.x-style
  from models:/<echo-model id> with model_id, no stage, alias "only", no tags/description).

Run tags mlflow.source.git.* are whatever MLflow detects for this script's checkout.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import sys
import traceback
import warnings


def main(outdir: str, tracking_uri: str | None = None) -> None:
    outdir = os.path.abspath(outdir)
    if os.path.isdir(outdir):
        if os.listdir(outdir):
            raise SystemExit(f"scenario.py: {outdir} is not empty")
        # MLflow creates the "Default" experiment (0/) only when the root does not exist yet.
        os.rmdir(outdir)
    if tracking_uri:
        os.makedirs(outdir)
        os.chdir(outdir)
    uri = tracking_uri or "file://" + outdir
    os.environ["MLFLOW_TRACKING_URI"] = uri
    os.environ["MLFLOW_REGISTRY_URI"] = uri
    os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"  # needed from 3.13 on
    os.environ["MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR"] = "false"
    os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")
    os.environ.setdefault("USER", "scenario")
    os.environ["LOGNAME"] = os.environ["USER"] = "scenario"
    warnings.simplefilter("ignore")

    import mlflow
    import numpy as np
    import pandas as pd
    from mlflow.entities import LoggedModelInput, Metric, Param, RunTag
    from mlflow.tracking import MlflowClient

    logging.getLogger("mlflow").setLevel(logging.ERROR)
    logging.getLogger("alembic").setLevel(logging.ERROR)

    version = tuple(int(x) for x in mlflow.__version__.split(".")[:2])
    if version < (3, 0):
        raise SystemExit(f"scenario.py needs MLflow 3.x, got {mlflow.__version__}")

    mlflow.set_tracking_uri(uri)
    mlflow.set_registry_uri(uri)
    client = MlflowClient(tracking_uri=uri, registry_uri=uri)

    t0 = 1_750_000_000_000  # fixed base for explicit metric timestamps (ms)

    # The store root and the Default experiment (id 0) are created when the store is opened.
    client.search_experiments()

    # ------------------------------------------------------------------ main experiment
    main_id = client.create_experiment(
        "mlwatch-scenario", tags={"project": "mlwatch", "stage": "oracle"}
    )
    mlflow.set_experiment(experiment_id=main_id)

    iris = pd.DataFrame(
        {
            "sepal_length": [5.1, 4.9, 6.2, 5.9, 6.7, 5.6],
            "sepal_width": [3.5, 3.0, 2.9, 3.0, 3.1, 2.8],
            "species": ["setosa", "setosa", "versicolor", "virginica", "virginica", "versicolor"],
        }
    )
    iris_ds = mlflow.data.from_pandas(
        iris, source="https://example.com/data/iris.csv", targets="species", name="iris-train"
    )

    with mlflow.start_run(run_name="baseline") as run:
        rid = run.info.run_id
        mlflow.log_params(
            {
                "lr": "0.01",
                "optimizer": "adam",
                "batch_size": "32",
                "long_value": "x" * 4000 + "é" * 1000,
                "名前": "値 ✓",
                "nested/param": "a/b",
            }
        )
        mlflow.set_tags(
            {
                "team name": "vision",
                "priority": "High",
                "mlflow.note.content": "Baseline run.\nSecond line with **markdown**.",
                "unicode_tag": "ça va – 好",
            }
        )
        # A long history (3000 points), logged in batches.
        batch = []
        for step in range(3000):
            batch.append(Metric("loss", 1.0 / (step + 1), t0 + step, step))
            if len(batch) == 1000:
                client.log_batch(rid, metrics=batch)
                batch = []
        client.log_batch(
            rid,
            metrics=[
                Metric("accuracy", 0.5, t0, 0),
                Metric("accuracy", 0.75, t0 + 1, 1),
                Metric("accuracy", 0.875, t0 + 2, 2),
                Metric("train/loss", 0.9, t0, 0),
                Metric("train/loss", 0.4, t0 + 1, 1),
                Metric("system/cpu_utilization_percentage", 12.5, t0, 0),
                Metric("system/cpu_utilization_percentage", 40.0, t0 + 1, 1),
                # same step twice, different values (and same timestamp: max by value wins)
                Metric("dup", 1.0, t0 + 10, 5),
                Metric("dup", 3.0, t0 + 10, 5),
                Metric("dup", 2.0, t0 + 5, 5),
                # out of order: last line (step 7) is not the latest (step 10)
                Metric("ooo", 10.0, t0 + 1, 10),
                Metric("ooo", 2.0, t0 + 2, 2),
                Metric("ooo", 7.0, t0 + 3, 7),
                # non-finite values
                Metric("weird", 1.0, t0, 0),
                Metric("weird", float("nan"), t0 + 1, 1),
                Metric("weird", float("inf"), t0 + 2, 2),
                Metric("weird", float("-inf"), t0 + 3, 3),
                Metric("val_nan", 0.25, t0, 0),
                Metric("val_nan", float("nan"), t0 + 1, 1),
                Metric("val_inf", float("inf"), t0, 0),
                Metric("tiny", 1e-05, t0, 0),
                Metric("big", 12345678901234.5, t0, 0),
                Metric("int_like", 5.0, t0, 0),
            ],
        )
        mlflow.log_metric("nostep", 0.5)  # no step -> 0, timestamp = now
        mlflow.log_input(iris_ds, context="training")
        mlflow.log_text("hello from the scenario\n", "notes.txt")
        mlflow.log_dict({"lr": 0.01, "layers": [64, 32]}, "config/params.json")

    with mlflow.start_run(run_name="parent") as parent:
        mlflow.log_param("kind", "parent")
        mlflow.log_metric("score", 0.5, step=0, timestamp=t0)
        with mlflow.start_run(run_name="child-1", nested=True):
            mlflow.log_param("kind", "child")
            mlflow.log_param("fold", "1")
            mlflow.log_metric("score", 0.61, step=0, timestamp=t0)
        with mlflow.start_run(run_name="child-2", nested=True):
            mlflow.log_param("kind", "child")
            mlflow.log_param("fold", "2")
            mlflow.log_metric("score", 0.59, step=0, timestamp=t0)
    del parent

    sweep = [
        ("sweep-01", "0.1", "16", 0.7, "High"),
        ("sweep-02", "0.01", "32", 0.9, "low"),
        ("sweep-03", "0.001", "64", float("nan"), "HIGH"),
        ("sweep-04", "0.0001", "128", None, "medium"),
    ]
    for name, lr, bs, score, prio in sweep:
        with mlflow.start_run(run_name=name):
            mlflow.log_params({"lr": lr, "batch_size": bs, "optimizer": "sgd"})
            mlflow.set_tag("priority", prio)
            mlflow.set_tag("sweep", "yes")
            if score is not None:
                mlflow.log_metric("score", score, step=0, timestamp=t0)
            mlflow.log_metric("accuracy", 0.6, step=0, timestamp=t0)

    with mlflow.start_run(run_name="failed-run"):
        mlflow.log_param("lr", "1.0")
        mlflow.log_metric("loss", float("inf"), step=0, timestamp=t0)
        mlflow.end_run(status="FAILED")

    with mlflow.start_run(run_name="killed-run"):
        mlflow.log_metric("loss", 0.3, step=0, timestamp=t0)
        mlflow.end_run(status="KILLED")

    running = client.create_run(main_id, run_name="running-run", tags={"state": "live"})
    client.log_metric(running.info.run_id, "loss", 0.8, timestamp=t0, step=0)
    client.log_param(running.info.run_id, "lr", "0.05")

    with mlflow.start_run(run_name="deleted-run") as deleted:
        mlflow.log_metric("loss", 0.1, step=0, timestamp=t0)
        mlflow.log_param("lr", "0.02")
    client.delete_run(deleted.info.run_id)

    # ------------------------------------------------------------------ unicode experiment
    uni_id = client.create_experiment(
        "Ünïcode – 実験 🧪",
        tags={
            "team": "vision",
            "ключ": "значение",
            "mlflow.note.content": "Expérience *unicode* — 説明",
        },
    )
    features = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    targets = np.array([0, 1, 0])
    np_ds = mlflow.data.from_numpy(
        features, source="https://example.com/data/点.npz", targets=targets, name="numbers-eval"
    )
    with mlflow.start_run(experiment_id=uni_id, run_name="ünïcode-run"):
        mlflow.log_params({"modèle": "réseau", "emoji": "🚀", "spaced key": "v a l"})
        mlflow.set_tags({"étiquette": "données", "mlflow.note.content": "説明文"})
        mlflow.log_metric("précision", 0.42, step=1, timestamp=t0)
        mlflow.log_input(np_ds, context="eval", tags={"split": "holdout"})

    # ------------------------------------------------------------------ models experiment
    models_id = client.create_experiment("models")
    mlflow.set_experiment(experiment_id=models_id)

    from sklearn.linear_model import LogisticRegression

    X = iris[["sepal_length", "sepal_width"]].to_numpy()
    y = (iris["species"] == "setosa").astype(int).to_numpy()
    clf = LogisticRegression(max_iter=200).fit(X, y)

    class Echo(mlflow.pyfunc.PythonModel):
        def predict(self, context, model_input: list[str], params=None) -> list[str]:
            return model_input

    with mlflow.start_run(run_name="train-model") as train:
        mlflow.log_param("C", "1.0")
        mlflow.log_input(iris_ds, context="training")
        mlflow.log_metric("train_acc", 0.95, step=3, timestamp=t0)
        info = mlflow.sklearn.log_model(
            clf,
            name="rf-model",
            pip_requirements=["scikit-learn"],
            step=3,
            params={"C": "1.0", "max_iter": "200"},
            tags={"framework": "sklearn"},
            model_type="classifier",
        )
        model_id = info.model_id
        mlflow.log_metric("val_acc", 0.91, step=3, timestamp=t0 + 1, model_id=model_id)
        mlflow.log_metric(
            "val_acc", 0.93, step=4, timestamp=t0 + 2, model_id=model_id, dataset=iris_ds
        )
        # No params/metrics on this one: MLflow 3.1.4's registry file store copies a linked
        # model's metrics into the version's meta.yaml on rewrite and cannot serialize them.
        info2 = mlflow.pyfunc.log_model(
            name="echo-model", python_model=Echo(), pip_requirements=["mlflow"]
        )
        model_id2 = info2.model_id
    train_id = train.info.run_id

    with mlflow.start_run(run_name="eval-model"):
        mlflow.log_input(model=LoggedModelInput(model_id=model_id))
        mlflow.log_metric("eval_acc", 0.88, step=0, timestamp=t0)

    gone = client.create_logged_model(models_id, name="deleted-model")
    client.finalize_logged_model(gone.model_id, "READY")
    client.delete_logged_model(gone.model_id)

    # ------------------------------------------------------------------ registry
    client.create_registered_model(
        "sk-classifier",
        tags={"owner": "ml-team", "domain": "flowers"},
        description="Classifies *iris* flowers.",
    )
    # 2.x-style registration (a plain artifact location, no model_id): stage transitions on
    # a version linked to a logged model that has metrics crash MLflow 3.1.4's file store.
    source = client.get_logged_model(model_id).artifact_location
    for i in range(1, 5):
        client.create_model_version(
            "sk-classifier",
            source,
            run_id=train_id,
            tags={"build": str(i)},
            description=f"version {i}",
        )
    client.transition_model_version_stage("sk-classifier", "1", "Staging")
    client.transition_model_version_stage("sk-classifier", "2", "Production")
    client.transition_model_version_stage("sk-classifier", "3", "Staging", True)
    client.set_model_version_tag("sk-classifier", "2", "validated", "true")
    client.set_registered_model_alias("sk-classifier", "champion", "2")
    client.set_registered_model_alias("sk-classifier", "challenger", "3")
    client.delete_model_version("sk-classifier", "4")

    # 3.x-style registration from a logged model (models:/m-... plus model_id).
    client.create_registered_model("pyfunc-model")
    client.create_model_version(
        "pyfunc-model", info2.model_uri, run_id=train_id, model_id=model_id2
    )
    client.set_registered_model_alias("pyfunc-model", "only", "1")

    # ------------------------------------------------------------------ deleted experiment
    doomed = client.create_experiment("to-be-deleted", tags={"doomed": "yes"})
    with mlflow.start_run(experiment_id=doomed, run_name="doomed-run"):
        mlflow.log_metric("loss", 0.5, step=0, timestamp=t0)
    client.delete_experiment(doomed)

    mlflow.end_run()


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        print("usage: python scenario.py OUTDIR [TRACKING_URI]", file=sys.stderr)
        sys.exit(2)
    captured = io.StringIO()
    try:
        with contextlib.redirect_stdout(captured), contextlib.redirect_stderr(captured):
            main(sys.argv[1], sys.argv[2] if len(sys.argv) == 3 else None)
    except BaseException as exc:  # print what MLflow said only when something failed
        sys.stderr.write(captured.getvalue())
        if not isinstance(exc, SystemExit):
            traceback.print_exc()
        sys.exit(exc.code if isinstance(exc, SystemExit) and isinstance(exc.code, int) else 1)
