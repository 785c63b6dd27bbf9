import { useState, type ComponentProps, type ReactNode } from 'react';
import {
  App,
  Button,
  DatePicker,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Slider,
  Typography,
} from 'antd';
import {
  AuditOutlined,
  CheckCircleOutlined,
  ClockCircleOutlined,
  CloseCircleOutlined,
  EditOutlined,
  FireOutlined,
  FlagOutlined,
  MessageOutlined,
  RedoOutlined,
  RiseOutlined,
  SendOutlined,
} from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import {
  ATTACHMENT_HINTS,
  AttachmentUpload,
  type UploadedAttachment,
} from '../../shared/attachment-upload.tsx';
import { FormDialog } from '../../shared/kit/index.ts';
import { PlanFormDrawer } from './plan-form-drawer.tsx';
import { AttachmentList } from './problem-timeline.tsx';
import { ProblemGapNow } from './problem-gap-now.tsx';
import { ProblemResidents } from '../feedback/problem-residents.tsx';
import {
  useApprovePlan,
  useDecideClosure,
  useDecideExtension,
  useFlagKey,
  useInstruct,
  useRejectPlan,
  useReopenProblem,
  useReportProgress,
  useRequestClosure,
  useRequestExtension,
  type ProblemDetail,
} from './problems.api.ts';

type Dialog =
  | 'plan'
  | 'approvePlan'
  | 'rejectPlan'
  | 'progress'
  | 'closureRequest'
  | 'closureApprove'
  | 'closureRefuse'
  | 'extensionRequest'
  | 'extensionDecision'
  | 'reopen'
  | 'flagKey'
  | 'instruct';

/**
 * The buttons of a problem, strictly from its `abilities` (the server's policy): nothing shows
 * that the user may not do now, so a refused click is the exception, not the way to find out.
 */
export function ProblemActions({ problem }: { problem: ProblemDetail }) {
  const [open, setOpen] = useState<Dialog | null>(null);
  const a = problem.abilities;
  const close = () => setOpen(null);
  const buttons: ReactNode[] = [];
  const add = (key: string, node: ReactNode) => buttons.push(<span key={key}>{node}</span>);

  if (a.submitPlan)
    add(
      'plan',
      <Button
        type={problem.status === 'open' ? 'primary' : 'default'}
        icon={problem.plans.length ? <EditOutlined /> : <SendOutlined />}
        onClick={() => setOpen('plan')}
      >
        {problem.plans.length ? '修订方案' : '报送整治方案'}
      </Button>,
    );
  if (a.approvePlan)
    add(
      'approvePlan',
      <Button type="primary" icon={<CheckCircleOutlined />} onClick={() => setOpen('approvePlan')}>
        审批通过
      </Button>,
    );
  if (a.rejectPlan)
    add(
      'rejectPlan',
      <Button danger icon={<CloseCircleOutlined />} onClick={() => setOpen('rejectPlan')}>
        退回方案
      </Button>,
    );
  if (a.reportProgress)
    add(
      'progress',
      <Button type="primary" icon={<RiseOutlined />} onClick={() => setOpen('progress')}>
        报告进展
      </Button>,
    );
  if (a.requestClosure)
    add(
      'closureRequest',
      <Button icon={<FlagOutlined />} onClick={() => setOpen('closureRequest')}>
        申请销号
      </Button>,
    );
  if (a.decideClosure) {
    add(
      'closureApprove',
      <Button type="primary" icon={<AuditOutlined />} onClick={() => setOpen('closureApprove')}>
        核验销号
      </Button>,
    );
    add(
      'closureRefuse',
      <Button danger icon={<CloseCircleOutlined />} onClick={() => setOpen('closureRefuse')}>
        不予销号
      </Button>,
    );
  }
  if (a.requestExtension)
    add(
      'extensionRequest',
      <Button icon={<ClockCircleOutlined />} onClick={() => setOpen('extensionRequest')}>
        申请延期
      </Button>,
    );
  if (a.decideExtension)
    add(
      'extensionDecision',
      <Button icon={<ClockCircleOutlined />} onClick={() => setOpen('extensionDecision')}>
        审批延期
      </Button>,
    );
  if (a.reopen)
    add(
      'reopen',
      <Button icon={<RedoOutlined />} onClick={() => setOpen('reopen')}>
        重新打开
      </Button>,
    );
  if (a.flagKey)
    add(
      'flagKey',
      <Button icon={<FireOutlined />} onClick={() => setOpen('flagKey')}>
        {problem.isKey ? '取消重点难点' : '标记重点难点'}
      </Button>,
    );
  if (a.instruct)
    add(
      'instruct',
      <Button type="primary" icon={<MessageOutlined />} onClick={() => setOpen('instruct')}>
        领导批示
      </Button>,
    );

  return (
    <>
      <Flex gap={8} wrap justify="flex-end" role="toolbar" aria-label="办理">
        {buttons}
      </Flex>
      {open === 'plan' ? <PlanFormDrawer problem={problem} onClose={close} /> : null}
      {open === 'approvePlan' ? <ApprovePlanDialog problem={problem} onClose={close} /> : null}
      {open === 'rejectPlan' ? <RejectPlanDialog problem={problem} onClose={close} /> : null}
      {open === 'progress' ? <ProgressDialog problem={problem} onClose={close} /> : null}
      {open === 'closureRequest' ? (
        <ClosureRequestDialog problem={problem} onClose={close} />
      ) : null}
      {open === 'closureApprove' ? (
        <ClosureDecisionDialog problem={problem} approve onClose={close} />
      ) : null}
      {open === 'closureRefuse' ? (
        <ClosureDecisionDialog problem={problem} approve={false} onClose={close} />
      ) : null}
      {open === 'extensionRequest' ? (
        <ExtensionRequestDialog problem={problem} onClose={close} />
      ) : null}
      {open === 'extensionDecision' ? (
        <ExtensionDecisionDialog problem={problem} onClose={close} />
      ) : null}
      {open === 'reopen' ? <ReopenDialog problem={problem} onClose={close} /> : null}
      {open === 'flagKey' ? <FlagKeyDialog problem={problem} onClose={close} /> : null}
      {open === 'instruct' ? <InstructDialog problem={problem} onClose={close} /> : null}
    </>
  );
}

type DialogProps = { problem: ProblemDetail; onClose: () => void };

/** The kit's dialog as every action here uses it: 560 wide, the intro as a secondary paragraph. */
function ActionDialog<T>(
  props: Omit<ComponentProps<typeof FormDialog<T>>, 'width' | 'intro'> & { intro?: ReactNode },
) {
  return (
    <FormDialog<T>
      {...props}
      width={560}
      intro={
        props.intro ? (
          <Typography.Paragraph type="secondary">{props.intro}</Typography.Paragraph>
        ) : null
      }
    />
  );
}

function TextField(props: {
  name: string;
  label: string;
  required: boolean;
  max: number;
  requiredMessage?: string;
  placeholder?: string;
  rows?: number;
}) {
  return (
    <Form.Item
      label={props.label}
      name={props.name}
      rules={[
        ...(props.required
          ? [
              {
                required: true,
                whitespace: true,
                message: props.requiredMessage ?? `请填写${props.label}`,
              },
            ]
          : []),
        { max: props.max, message: `不能超过 ${props.max} 个字` },
      ]}
    >
      <Input.TextArea
        rows={props.rows ?? 4}
        maxLength={props.max}
        showCount
        placeholder={props.placeholder}
      />
    </Form.Item>
  );
}

function useDone(text: string, onClose: () => void) {
  const { message } = App.useApp();
  return () => {
    void message.success(text);
    onClose();
  };
}

function ApprovePlanDialog({ problem, onClose }: DialogProps) {
  const [form] = Form.useForm<{ comment?: string }>();
  const approve = useApprovePlan();
  const done = useDone('已审批整治方案', onClose);
  const plan = problem.plans.find((p) => p.status === 'submitted');
  return (
    <ActionDialog
      title="审批通过整治方案"
      okText="批准"
      form={form}
      name="approve-plan"
      onClose={onClose}
      intro={
        plan?.needsOfficeApproval
          ? '本方案为重点难点问题的“一事一案”，须主管部门和领导小组办公室均批准后方可实施。'
          : '批准后方案的完成时限即为问题的整改时限，区县按方案组织整改。'
      }
      fields={['comment']}
      onSubmit={(v) =>
        approve.mutateAsync({ id: problem.id, comment: v.comment?.trim() || null }).then(done)
      }
    >
      <TextField name="comment" label="审批意见（可选）" required={false} max={500} rows={3} />
    </ActionDialog>
  );
}

function RejectPlanDialog({ problem, onClose }: DialogProps) {
  const [form] = Form.useForm<{ reason: string }>();
  const reject = useRejectPlan();
  const done = useDone('已退回整治方案', onClose);
  return (
    <ActionDialog
      title="退回整治方案"
      okText="退回"
      okDanger
      form={form}
      name="reject-plan"
      onClose={onClose}
      intro="退回后区县按意见修订方案后重新报送。"
      fields={['reason']}
      onSubmit={(v) => reject.mutateAsync({ id: problem.id, reason: v.reason.trim() }).then(done)}
    >
      <TextField
        name="reason"
        label="退回理由"
        required
        max={500}
        placeholder="说明方案需要修改的内容"
      />
    </ActionDialog>
  );
}

/** A slider and a number box over one value (the box is what a keyboard or a test types in). */
function PercentInput(props: { value?: number; onChange?: (v: number) => void; id?: string }) {
  const value = props.value ?? 0;
  return (
    <Flex gap={16} align="center">
      <Slider
        style={{ flex: 1 }}
        min={0}
        max={100}
        step={5}
        value={value}
        onChange={(v) => props.onChange?.(v)}
        marks={{ 0: '0', 50: '50', 100: '100' }}
      />
      <InputNumber
        id={props.id}
        min={0}
        max={100}
        value={value}
        onChange={(v) => props.onChange?.(typeof v === 'number' ? v : 0)}
        suffix="%"
        style={{ width: 110 }}
      />
    </Flex>
  );
}

function ProgressDialog({ problem, onClose }: DialogProps) {
  const [form] = Form.useForm<{ percent: number; note: string; photos: UploadedAttachment[] }>();
  const report = useReportProgress();
  const done = useDone('已报告整改进展', onClose);
  const [busy, setBusy] = useState(false);
  return (
    <ActionDialog
      title="报告整改进展"
      okText="报告"
      form={form}
      name="report-progress"
      okDisabled={busy}
      onClose={onClose}
      initialValues={{ percent: problem.progressPercent, note: '', photos: [] }}
      fields={['percent', 'note']}
      onSubmit={(v) =>
        report
          .mutateAsync({
            id: problem.id,
            percent: v.percent,
            note: v.note.trim(),
            attachmentIds: (v.photos ?? []).map((p) => p.id),
          })
          .then(done)
      }
    >
      <Form.Item label="完成进度（%）" name="percent" rules={[{ required: true }]}>
        <PercentInput />
      </Form.Item>
      <TextField
        name="note"
        label="进展说明"
        required
        max={1000}
        placeholder="如：完成主体改造，正在进行室内装修"
      />
      <Form.Item label="现场照片" name="photos" extra={ATTACHMENT_HINTS.photo}>
        <AttachmentUpload kind="photo" onBusyChange={setBusy} />
      </Form.Item>
    </ActionDialog>
  );
}

function ClosureRequestDialog({ problem, onClose }: DialogProps) {
  const [form] = Form.useForm<{
    evidence: string;
    files: UploadedAttachment[];
    noEvidenceReason?: string;
  }>();
  const request = useRequestClosure();
  const done = useDone('已申请销号，待主管部门核验', onClose);
  const [busy, setBusy] = useState(false);
  return (
    <ActionDialog
      title="申请销号"
      okText="申请销号"
      form={form}
      name="closure-request"
      okDisabled={busy}
      onClose={onClose}
      intro={
        <>
          问题销号制度：整改完成后附佐证材料（至少一张照片或一份文件）申请销号，由该类设施主管部门核验；核验通过方可销号。
          <ProblemGapNow problem={problem} />
        </>
      }
      initialValues={{ evidence: '', files: [], noEvidenceReason: '' }}
      fields={['evidence', 'noEvidenceReason']}
      onSubmit={(v) =>
        request
          .mutateAsync({
            id: problem.id,
            evidence: v.evidence.trim(),
            attachmentIds: (v.files ?? []).map((f) => f.id),
            noEvidenceReason: v.noEvidenceReason?.trim() || null,
          })
          .then(done)
      }
    >
      <TextField
        name="evidence"
        label="整改完成情况"
        required
        max={1000}
        requiredMessage="请说明整改完成情况"
        placeholder="如：幼儿园已建成开园，消防验收已通过"
      />
      <Form.Item label="佐证材料" name="files" extra={ATTACHMENT_HINTS.document}>
        <AttachmentUpload kind="document" onBusyChange={setBusy} label="上传佐证材料" />
      </Form.Item>
      <Form.Item noStyle dependencies={['files']}>
        {({ getFieldValue }) =>
          ((getFieldValue('files') as UploadedAttachment[] | undefined) ?? []).length === 0 ? (
            <TextField
              name="noEvidenceReason"
              label="无法提供照片或文件的原因"
              required
              max={500}
              requiredMessage="请上传佐证材料，或说明无法提供的原因"
              placeholder="如：整改方式为共建共用协议，现场无新建设施可拍照"
            />
          ) : null
        }
      </Form.Item>
    </ActionDialog>
  );
}

function ClosureDecisionDialog({ problem, onClose, approve }: DialogProps & { approve: boolean }) {
  const [form] = Form.useForm<{ comment?: string }>();
  const decide = useDecideClosure();
  const done = useDone(approve ? '已核验销号' : '已不予销号，退回整改', onClose);
  const request = [...problem.events].reverse().find((e) => e.action === 'request_closure');
  return (
    <ActionDialog
      title={approve ? '核验销号' : '不予销号'}
      okText={approve ? '核验通过，予以销号' : '不予销号'}
      okDanger={!approve}
      form={form}
      name={approve ? 'closure-approve' : 'closure-refuse'}
      onClose={onClose}
      intro={
        <>
          {approve
            ? '销号后问题保留在台账中，如有反复可由主管部门或领导小组办公室重新打开。'
            : '不予销号的问题退回整改中，区县按理由整改后重新申请。'}
          {request?.comment ? (
            <>
              <br />
              <span style={{ whiteSpace: 'pre-line' }}>区县申请：{request.comment}</span>
            </>
          ) : null}
          {request ? (
            request.attachments.length ? (
              <>
                <br />
                佐证材料：
                <AttachmentList files={request.attachments} />
              </>
            ) : (
              <>
                <br />
                未附照片或文件（原因见上）
              </>
            )
          ) : null}
          {/* P13: a problem that came from residents is decided with their reports in view. */}
          {problem.source === 'resident' ? <ProblemResidents problemId={problem.id} /> : null}
          {/* P5 against 缺什么补什么: the gap as the analysis finds it on the ledger now. */}
          <ProblemGapNow problem={problem} />
        </>
      }
      fields={['comment']}
      onSubmit={(v) =>
        decide
          .mutateAsync({ id: problem.id, approve, comment: v.comment?.trim() || null })
          .then(done)
      }
    >
      <TextField
        name="comment"
        label={approve ? '核验意见（可选）' : '不予销号理由'}
        required={!approve}
        requiredMessage="不予销号须说明理由"
        max={500}
        placeholder={approve ? '如：经现场核验，已按方案整改到位' : '如：消防验收手续未完成'}
      />
    </ActionDialog>
  );
}

function ExtensionRequestDialog({ problem, onClose }: DialogProps) {
  const [form] = Form.useForm<{ deadline: Dayjs | null; reason: string }>();
  const request = useRequestExtension();
  const done = useDone('已申请延期，待主管部门审批', onClose);
  const current = problem.deadline ? dayjs(problem.deadline) : dayjs();
  return (
    <ActionDialog
      title="申请延期"
      okText="申请延期"
      form={form}
      name="extension-request"
      onClose={onClose}
      intro={`当前完成时限：${problem.deadline ?? '未定'}。延期由该类设施主管部门审批。`}
      fields={['deadline', 'reason']}
      onSubmit={(v) =>
        request
          .mutateAsync({
            id: problem.id,
            deadline: (v.deadline ?? current).format('YYYY-MM-DD'),
            reason: v.reason.trim(),
          })
          .then(done)
      }
    >
      <Form.Item
        label="延期至"
        name="deadline"
        rules={[{ required: true, message: '请选择延期后的完成时限' }]}
      >
        <DatePicker
          style={{ width: '100%' }}
          disabledDate={(d) => !d.isAfter(current, 'day') || d.isBefore(dayjs(), 'day')}
        />
      </Form.Item>
      <TextField
        name="reason"
        label="延期理由"
        required
        max={500}
        placeholder="如：选址调整，需重新办理规划手续"
      />
    </ActionDialog>
  );
}

function ExtensionDecisionDialog({ problem, onClose }: DialogProps) {
  const [form] = Form.useForm<{ approve: boolean; comment?: string }>();
  const decide = useDecideExtension();
  const done = useDone('已审批延期申请', onClose);
  const pending = problem.extensions.find((x) => x.status === 'pending');
  return (
    <ActionDialog
      title="审批延期"
      okText="确定"
      form={form}
      name="extension-decision"
      onClose={onClose}
      initialValues={{ approve: true }}
      fields={['comment']}
      onSubmit={(v) =>
        decide
          .mutateAsync({ id: problem.id, approve: v.approve, comment: v.comment?.trim() || null })
          .then(done)
      }
    >
      {pending ? (
        <Descriptions
          size="small"
          column={1}
          bordered
          style={{ marginBottom: 16 }}
          items={[
            { key: 'now', label: '当前时限', children: problem.deadline ?? '未定' },
            { key: 'to', label: '申请延期至', children: pending.requestedDeadline },
            { key: 'reason', label: '延期理由', children: pending.reason },
          ]}
        />
      ) : null}
      <Form.Item label="审批结果" name="approve">
        <Radio.Group
          options={[
            { value: true, label: '同意延期' },
            { value: false, label: '不同意' },
          ]}
        />
      </Form.Item>
      <TextField name="comment" label="审批意见（可选）" required={false} max={500} rows={3} />
    </ActionDialog>
  );
}

function ReopenDialog({ problem, onClose }: DialogProps) {
  const [form] = Form.useForm<{ reason: string }>();
  const reopen = useReopenProblem();
  const done = useDone('问题已重新打开，退回整改中', onClose);
  return (
    <ActionDialog
      title="重新打开已销号问题"
      okText="重新打开"
      okDanger
      form={form}
      name="reopen"
      onClose={onClose}
      fields={['reason']}
      onSubmit={(v) => reopen.mutateAsync({ id: problem.id, reason: v.reason.trim() }).then(done)}
    >
      <TextField
        name="reason"
        label="重新打开理由"
        required
        max={500}
        placeholder="如：居民反映幼儿园被挪作他用"
      />
    </ActionDialog>
  );
}

function FlagKeyDialog({ problem, onClose }: DialogProps) {
  const [form] = Form.useForm<{ comment?: string }>();
  const flag = useFlagKey();
  const next = !problem.isKey;
  const done = useDone(next ? '已列为重点难点问题' : '已取消重点难点标记', onClose);
  return (
    <ActionDialog
      title={next ? '标记为重点难点问题' : '取消重点难点标记'}
      okText={next ? '标记' : '取消标记'}
      form={form}
      name="flag-key"
      onClose={onClose}
      intro={
        next
          ? '重点难点问题列入领导调度清单，由主要领导亲自调度；其“一事一案”方案须领导小组办公室审批。'
          : '取消后问题不再列入领导调度清单。'
      }
      fields={['comment']}
      onSubmit={(v) =>
        flag
          .mutateAsync({ id: problem.id, isKey: next, comment: v.comment?.trim() || null })
          .then(done)
      }
    >
      <TextField name="comment" label="说明（可选）" required={false} max={500} rows={3} />
    </ActionDialog>
  );
}

export function InstructDialog({ problem, onClose }: DialogProps) {
  const [form] = Form.useForm<{ instruction: string }>();
  const instruct = useInstruct();
  const done = useDone('批示已送达责任单位', onClose);
  return (
    <ActionDialog
      title="领导批示"
      okText="发出批示"
      form={form}
      name="instruct"
      onClose={onClose}
      intro="批示记入问题办理记录，并通知问题所在区县、主管部门和领导小组办公室。"
      fields={['instruction']}
      onSubmit={(v) =>
        instruct.mutateAsync({ id: problem.id, instruction: v.instruction.trim() }).then(done)
      }
    >
      <TextField
        name="instruction"
        label="批示内容"
        required
        max={1000}
        rows={5}
        placeholder="如：请淄川区本月内拿出场地方案，教育局全程指导"
      />
    </ActionDialog>
  );
}
