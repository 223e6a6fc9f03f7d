"""No module of Parity imports, directly or through others, a module that imports it.

Import-linter checks the layers (core below io, cli, reports and web); this checks what the
layers cannot: two modules of one room leaning on each other (as the command group and the
commands, or two results views, once did). Imports inside functions count too: a cycle that
is only deferred is still a cycle for the reader.
"""

from __future__ import annotations

import grimp
import networkx as nx


def test_the_package_has_no_import_cycle() -> None:
    graph = grimp.build_graph("parity")
    imports = nx.DiGraph()
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            if imported.startswith("parity"):
                imports.add_edge(module, imported)
    cycles = sorted(" -> ".join([*cycle, cycle[0]]) for cycle in nx.simple_cycles(imports))
    assert cycles == []
