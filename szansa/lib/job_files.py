"""The folder of a background job (imports, exports): one folder per job under a private root, readable and
writable by the service user only (folders 0700, files 0600), holding a status.json that is written whole
and renamed, so a reader never sees half of it. The domain apps say where their jobs live."""

import json
import os
import time
from pathlib import Path

JOB_ID_LENGTH = 32  # uuid4().hex


def private_file(path, flags):
    """opener= for open(): a new file readable and writable by the service user only."""
    return os.open(path, flags, 0o600)


def private_dirs(*folders: Path) -> None:
    """Create each folder, in order, for the service user only (whatever the umask or an older mode)."""
    for folder in folders:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(folder, 0o700)


def job_path(root: Path, job_id: str) -> Path:
    """The job's folder under `root`; an id that is not a job id (a path, a dot) is refused as missing."""
    if len(job_id) != JOB_ID_LENGTH or not job_id.isalnum():
        raise FileNotFoundError(job_id)
    return root / job_id


def read_status(root: Path, job_id: str) -> dict | None:
    try:
        return json.loads((job_path(root, job_id) / "status.json").read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None


def write_status(root: Path, job_id: str, **changes) -> dict:
    """Merge `changes` into the job's status, with a heartbeat; written whole and renamed."""
    status = (read_status(root, job_id) or {}) | changes | {"heartbeat": time.time()}
    folder = job_path(root, job_id)
    temporary = folder / f"status.{os.getpid()}.tmp"
    with open(temporary, "w", encoding="utf-8", opener=private_file) as out:
        out.write(json.dumps(status))
    os.replace(temporary, folder / "status.json")
    return status
