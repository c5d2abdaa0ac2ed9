"""Reads a page aloud in Vietnamese with espeak-ng (``-v vi``), off the UI thread.

If espeak-ng is not installed the button says so and stays disabled; reading is stopped by the
next read, by "stop", and by the idle wipe.
"""

from __future__ import annotations

import shutil
import subprocess
import threading

VOICES = {"vi": "vi", "en": "en"}


class Speaker:
    def __init__(self, exe: str | None = None) -> None:
        self.exe = exe if exe is not None else shutil.which("espeak-ng")
        self._proc: subprocess.Popen | None = None
        self._lock = threading.Lock()

    @property
    def available(self) -> bool:
        return bool(self.exe)

    def speak(self, text: str, lang: str = "vi") -> int | None:
        """Start reading ``text``; blocks until it ends (run on a worker thread). Returns the exit
        code, or None when there is no voice."""
        if not self.exe:
            return None
        self.stop()
        with self._lock:
            self._proc = subprocess.Popen(
                [self.exe, "-v", VOICES.get(lang, "vi"), "-s", "150", "--stdin"],
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            proc = self._proc
        try:
            proc.communicate(text.encode("utf-8"), timeout=600)
        except subprocess.TimeoutExpired:
            proc.kill()
        return proc.returncode

    def stop(self) -> None:
        with self._lock:
            proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait(timeout=5)

    def speaking(self) -> bool:
        with self._lock:
            return self._proc is not None and self._proc.poll() is None
