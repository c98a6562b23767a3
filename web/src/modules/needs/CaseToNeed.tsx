import { Form, Select } from 'antd';
import type { NeedCategory } from '../../../../contracts/needs.js';
import { useTx } from '../../i18n.js';
import { FormModal } from '../party/FormModal.js';
import { useAct } from '../party/useAct.js';
import { needsApi } from './api.js';
import { useCategoryOptions } from './NeedForms.js';

/** 转为需求: a 家事 or 共事 case joins its community's need list, to be met from the resource list. */
export function CaseToNeed({ caseId }: { caseId: number }) {
  const tx = useTx();
  const act = useAct('needs');
  const options = useCategoryOptions();
  return (
    <FormModal<{ category: NeedCategory }>
      label={tx('转为需求', 'Make it a need')}
      testId="case-to-need"
      title={tx('转为需求清单中的需求', 'Add to the need list')}
      okText={tx('转入', 'Add')}
      onSubmit={(v) => act(() => needsApi.fromCase(caseId, v.category), tx('已转入需求清单', 'Added to the need list'))}
    >
      <Form.Item name="category" label={tx('需求类别', 'Category')} rules={[{ required: true }]}>
        <Select showSearch optionFilterProp="label" options={options} />
      </Form.Item>
    </FormModal>
  );
}
