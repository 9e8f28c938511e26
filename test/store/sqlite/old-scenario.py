"""Logs a small scenario into a tracking URI with an OLD MLflow (1.x or 2.x), for the SQLite
backend's old-schema tests: whatever that release's schema holds (no logged models; datasets
from 2.4, aliases from 2.3 when the release has them).

Usage: python old-scenario.py TRACKING_URI    (run in the folder that gets ./mlruns)
"""

import logging
import math
import sys
import warnings


def main(uri: str) -> None:
    warnings.simplefilter("ignore")
    import mlflow
    from mlflow.entities import Metric
    from mlflow.tracking import MlflowClient

    logging.getLogger("mlflow").setLevel(logging.ERROR)
    logging.getLogger("alembic").setLevel(logging.ERROR)
    mlflow.set_tracking_uri(uri)
    client = MlflowClient(tracking_uri=uri, registry_uri=uri)
    t0 = 1_700_000_000_000

    def log(key, value, step):
        # mlflow.log_metric takes no timestamp before 2.x; the client always did.
        client.log_metric(mlflow.active_run().info.run_id, key, value, timestamp=t0, step=step)

    exp = client.create_experiment("old-schema", tags={"team": "ml"})
    with mlflow.start_run(experiment_id=exp, run_name="base") as run:
        mlflow.log_params({"lr": "0.1", "opt": "sgd"})
        mlflow.set_tags({"priority": "High", "unicode": "ça va"})
        client.log_batch(
            run.info.run_id,
            metrics=[Metric("loss", 1.0 / (s + 1), t0 + s, s) for s in range(200)]
            + [
                Metric("weird", 1.0, t0, 0),
                Metric("weird", math.nan, t0 + 1, 1),
                Metric("weird", math.inf, t0 + 2, 2),
                Metric("weird", -math.inf, t0 + 3, 3),
                Metric("acc", 0.5, t0, 0),
            ],
        )
        with mlflow.start_run(experiment_id=exp, run_name="child", nested=True):
            log("acc", 0.75, 1)
        if hasattr(mlflow, "log_input"):
            import pandas as pd

            ds = mlflow.data.from_pandas(pd.DataFrame({"a": [1, 2]}), source="https://example.com/a.csv", name="tiny")
            mlflow.log_input(ds, context="training")
    with mlflow.start_run(experiment_id=exp, run_name="failed"):
        log("acc", 0.1, 0)
        mlflow.end_run(status="FAILED")
    with mlflow.start_run(experiment_id=exp, run_name="gone") as gone:
        log("acc", 0.9, 0)
    client.delete_run(gone.info.run_id)
    client.create_run(exp, run_name="running", tags={"state": "live"})

    client.create_registered_model("old-model", tags={"k": "v"}, description="An old model.")
    for _ in range(3):
        client.create_model_version("old-model", f"runs:/{run.info.run_id}/model", run_id=run.info.run_id)
    client.transition_model_version_stage("old-model", "1", "Staging")
    client.transition_model_version_stage("old-model", "2", "Production")
    client.delete_model_version("old-model", "3")
    if hasattr(client, "set_registered_model_alias"):
        client.set_registered_model_alias("old-model", "champion", "2")

    doomed = client.create_experiment("doomed")
    with mlflow.start_run(experiment_id=doomed, run_name="doomed-run"):
        log("acc", 0.2, 0)
    client.delete_experiment(doomed)


if __name__ == "__main__":
    main(sys.argv[1])
