import { regionsApi } from '../modules/org/api.js';
import { Tree } from 'antd';
import type { DataNode, EventDataNode } from 'antd/es/tree';
import { useCallback, useEffect, useState } from 'react';
import type { RegionSummary } from '../../../contracts/regions.js';

type Node = { summary: RegionSummary; children?: string[] };

/**
 * The region tree, loaded lazily: roots first, then a node's children when it is expanded. The
 * selected node's ancestors are loaded and expanded so that a link opens the tree where it points.
 */
export function RegionTree({
  selected,
  ancestors,
  onSelect,
}: {
  selected: string | undefined;
  ancestors: string[];
  onSelect: (code: string) => void;
}) {
  const [nodes, setNodes] = useState<Map<string, Node>>(new Map());
  const [roots, setRoots] = useState<string[]>([]);
  const [expanded, setExpanded] = useState<string[]>([]);

  const loadChildren = useCallback(async (code: string) => {
    const detail = await regionsApi.region(code);
    setNodes((prev) => {
      const next = new Map(prev);
      for (const c of detail.children) next.set(c.code, { summary: c, children: next.get(c.code)?.children });
      next.set(code, { summary: detail.region, children: detail.children.map((c) => c.code) });
      return next;
    });
  }, []);

  useEffect(() => {
    void regionsApi.searchRegions(undefined, 100).then((r) => {
      setNodes((prev) => {
        const next = new Map(prev);
        for (const s of r.items) next.set(s.code, { summary: s, children: next.get(s.code)?.children });
        return next;
      });
      setRoots(r.items.map((s) => s.code));
    });
  }, []);

  useEffect(() => {
    if (ancestors.length === 0) return;
    void Promise.all(ancestors.map((a) => loadChildren(a))).then(() =>
      setExpanded((prev) => [...new Set([...prev, ...ancestors])]),
    );
  }, [ancestors, loadChildren]);

  const toData = (code: string): DataNode => {
    const n = nodes.get(code);
    const leaf = (n?.summary.childCount ?? 0) === 0;
    return {
      key: code,
      title: <span data-testid={`tree-${code}`}>{n?.summary.name ?? code}</span>,
      isLeaf: leaf,
      children: n?.children?.map(toData),
    };
  };

  return (
    <Tree
      blockNode
      treeData={roots.map(toData)}
      expandedKeys={expanded}
      selectedKeys={selected ? [selected] : []}
      onExpand={(keys) => setExpanded(keys.map(String))}
      loadData={async (node: EventDataNode<DataNode>) => {
        const code = String(node.key);
        if (!nodes.get(code)?.children) await loadChildren(code);
      }}
      onSelect={(keys, info) => {
        const code = String(info.node.key);
        onSelect(code);
        if (!info.node.isLeaf && !expanded.includes(code)) {
          void loadChildren(code).then(() => setExpanded((prev) => [...prev, code]));
        }
      }}
      style={{ maxHeight: 'calc(100vh - 180px)', overflow: 'auto' }}
    />
  );
}
