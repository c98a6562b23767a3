import { regionsApi } from '../modules/org/api.js';
import { TreeSelect } from 'antd';
import { useEffect, useState } from 'react';
import { useTx } from '../i18n.js';

type TreeNode = { id: string; pId: string | null; value: string; title: string; isLeaf: boolean };

/** Picks a node of the region tree, loading children as the user opens a branch. */
export function ScopePicker({ value, onChange }: { value?: string; onChange?: (code: string) => void }) {
  const tx = useTx();
  const [tree, setTree] = useState<TreeNode[]>([]);
  useEffect(() => {
    void regionsApi.searchRegions(undefined, 100).then(async (r) => {
      const roots = r.items.map((n) => ({
        id: n.code,
        pId: null,
        value: n.code,
        title: n.name,
        isLeaf: n.childCount === 0,
      }));
      // a value already chosen (editing a role) shows its name, not its code
      const extra =
        value && !roots.some((n) => n.id === value) ? (await regionsApi.region(value).catch(() => null))?.region : null;
      setTree(
        extra ? [...roots, { id: extra.code, pId: null, value: extra.code, title: extra.name, isLeaf: true }] : roots,
      );
    });
    // the tree is loaded once; later values are picked from it
  }, []);
  const loadChildren = async (code: string) => {
    const d = await regionsApi.region(code);
    setTree((prev) => [
      ...prev,
      ...d.children
        .filter((c) => !prev.some((p) => p.id === c.code))
        .map((c) => ({ id: c.code, pId: code, value: c.code, title: c.name, isLeaf: c.childCount === 0 })),
    ]);
  };
  return (
    <TreeSelect
      treeDataSimpleMode
      treeData={tree}
      value={value}
      onChange={(v: string) => onChange?.(v)}
      loadData={(node) => loadChildren(String(node.value))}
      placeholder={tx('在区划树上选择', 'Pick on the region tree')}
    />
  );
}
