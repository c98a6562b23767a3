import { Button, Form, Modal, type FormInstance } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTx } from '../../i18n.js';

/**
 * A button that opens a form in a dialog: 取消 closes it, the OK button validates and submits, and
 * a submit that succeeded (answered true) closes and clears it; a failed one keeps what was typed.
 */
export function FormModal<V extends object>({
  label,
  testId,
  title,
  okText,
  width,
  initialValues,
  form: given,
  onOpen,
  onSubmit,
  children,
  small,
}: {
  label: string;
  testId?: string;
  title: string;
  okText: string;
  width?: number;
  initialValues?: Partial<V>;
  form?: FormInstance<V>;
  onOpen?: () => void;
  onSubmit: (values: V) => Promise<boolean>;
  children: ReactNode;
  small?: boolean;
}) {
  const tx = useTx();
  const [own] = Form.useForm<V>();
  const form = given ?? own;
  const [open, setOpen] = useState(false);
  const submit = async () => {
    const values = await form.validateFields();
    if (await onSubmit(values)) {
      setOpen(false);
      form.resetFields();
    }
  };
  return (
    <>
      <Button
        size={small ? 'small' : undefined}
        type={small ? 'link' : undefined}
        data-testid={testId}
        onClick={() => {
          onOpen?.();
          setOpen(true);
        }}
      >
        {label}
      </Button>
      <Modal
        open={open}
        width={width}
        title={title}
        okText={okText}
        cancelText={tx('取消', 'Cancel')}
        onOk={() => void submit()}
        onCancel={() => setOpen(false)}
        // a form the caller holds (it watches or fills fields) stays mounted; an own one goes when closed
        forceRender={given !== undefined}
        destroyOnHidden={given === undefined}
      >
        <Form form={form} layout="vertical" initialValues={initialValues}>
          {children}
        </Form>
      </Modal>
    </>
  );
}
