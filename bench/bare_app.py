"""The reference endpoint for bench/api.py: FastAPI returning a constant, nothing else."""

from fastapi import FastAPI

app = FastAPI()


@app.get("/const")
def const() -> dict[str, str]:
    return {"status": "ok"}
