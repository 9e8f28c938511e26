# Every run of every experiment through MLflow's own client, as a user's status script
# would list them: the MLflow side of the benchmarks. Prints the number of runs to stderr.
#   python mlflow-search-all.py TRACKING_URI
import sys

from mlflow.tracking import MlflowClient

client = MlflowClient(tracking_uri=sys.argv[1])
ids = [e.experiment_id for e in client.search_experiments(max_results=50000)]
n = 0
token = None
while True:
    page = client.search_runs(ids, max_results=50000, page_token=token)
    n += len(page)
    token = page.token
    if not token:
        break
print(n, file=sys.stderr)
