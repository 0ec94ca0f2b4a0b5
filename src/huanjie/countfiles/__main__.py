from __future__ import annotations

from huanjie.countfiles.cli import main

raise SystemExit(main())
