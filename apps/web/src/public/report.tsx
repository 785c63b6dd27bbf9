import { useState, type FormEvent } from 'react';
import { getAreaPage, post, PublicError, uploadPhoto, type PublicProblem } from './api.ts';
import {
  CATEGORY_SHORT,
  ErrorLine,
  Loading,
  rememberCode,
  STAGE_NAMES,
  useLoad,
} from './shared.tsx';
import { go } from './shared.tsx';
import { resizePhoto } from './photo.ts';

type Photo = { id: number; preview: string };

/**
 * 随手拍 in one screen: category, stage, description, photos, optional contact, consent. Before
 * submitting, the area's open problems of the chosen category are shown ("已在整改，关注它").
 */
export function ReportPage({
  areaId,
  initialCategory,
}: {
  areaId: number;
  initialCategory?: string | undefined;
}) {
  const area = useLoad(`area:${areaId}`, () => getAreaPage(areaId));
  const [category, setCategory] = useState(
    initialCategory && CATEGORY_SHORT[initialCategory] ? initialCategory : '',
  );
  const [stage, setStage] = useState('use');
  const [description, setDescription] = useState('');
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [contactName, setContactName] = useState('');
  const [phone, setPhone] = useState('');
  const [useLocation, setUseLocation] = useState(false);
  const [consent, setConsent] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const open: PublicProblem[] =
    area.data?.categories
      .find((c) => c.code === category)
      ?.problems.filter((p) => p.status !== 'closed') ?? [];

  async function addPhoto(files: FileList | null) {
    if (!files?.length) return;
    setError(null);
    setBusy('正在处理照片…');
    try {
      for (const f of [...files].slice(0, 3 - photos.length)) {
        const blob = await resizePhoto(f);
        if (blob.size > 5 * 1_048_576) throw new PublicError(413, '照片太大，请换一张');
        const saved = await uploadPhoto(blob);
        setPhotos((ps) => [...ps, { id: saved.id, preview: URL.createObjectURL(blob) }]);
      }
    } catch (e) {
      setError(e instanceof Error ? e.message : '照片上传失败');
    } finally {
      setBusy(null);
    }
  }

  async function position(): Promise<{ lon?: number; lat?: number }> {
    if (!useLocation || !navigator.geolocation) return {};
    return new Promise((resolve) =>
      navigator.geolocation.getCurrentPosition(
        (p) => resolve({ lon: p.coords.longitude, lat: p.coords.latitude }),
        () => resolve({}),
        { timeout: 8000, maximumAge: 60_000 },
      ),
    );
  }

  async function send(body: Record<string, unknown>) {
    setError(null);
    setBusy('正在提交…');
    try {
      const { trackingCode } = await post<{ trackingCode: string }>('/api/public/feedback', body);
      rememberCode(trackingCode);
      setDone(trackingCode);
    } catch (e) {
      setError(e instanceof PublicError ? e.message : '提交失败，请稍后再试');
    } finally {
      setBusy(null);
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!category) return setError('请选择设施类别');
    if (description.trim().length < 5) return setError('请描述问题（至少 5 个字）');
    if (!consent) return setError('请先阅读并同意个人信息收集说明');
    const where = await position();
    await send({
      residentialAreaId: areaId,
      category,
      stage,
      description: description.trim(),
      ...(contactName.trim() ? { contactName: contactName.trim() } : {}),
      ...(phone.trim() ? { phone: phone.trim() } : {}),
      attachmentIds: photos.map((p) => p.id),
      ...where,
      consent: true,
    });
  }

  function follow(p: PublicProblem) {
    if (!consent) return setError('请先勾选下方的个人信息收集说明，再关注');
    void send({
      residentialAreaId: areaId,
      category,
      followProblemId: p.id,
      ...(phone.trim() ? { phone: phone.trim() } : {}),
      consent: true,
    });
  }

  if (done)
    return (
      <section className="card done">
        <h1>提交成功</h1>
        <p>您的查询码</p>
        <p className="code" data-testid="tracking-code">
          {done}
        </p>
        <p className="muted">
          请记下查询码（本机已保存），可随时查看办理进度。一般 3 个工作日内处理。
        </p>
        <button type="button" className="btn wide big" onClick={() => go(`t/${done}`)}>
          查看办理进度
        </button>
      </section>
    );
  if (area.loading && !area.data) return <Loading />;
  if (!area.data) return <ErrorLine message={area.error ?? '加载失败'} />;

  return (
    <form className="card" onSubmit={submit} noValidate>
      <h1>反映问题</h1>
      <p className="muted">{area.data.name}</p>

      <fieldset>
        <legend>哪类设施？</legend>
        <div className="chips">
          {Object.entries(CATEGORY_SHORT).map(([code, name]) => (
            <label key={code} className={`chip ${category === code ? 'on' : ''}`}>
              <input
                type="radio"
                name="category"
                value={code}
                checked={category === code}
                onChange={() => setCategory(code)}
              />
              {name}
            </label>
          ))}
        </div>
      </fieldset>

      {open.length > 0 && (
        <div className="notice" role="note">
          <strong>这些问题已在整改，可直接关注，无需重复反映：</strong>
          {open.map((p) => (
            <div className="problem" key={p.id}>
              <div>
                {p.facilityTypeName} <span className="tag">{p.statusName}</span>
              </div>
              <p className="muted">整改时限：{p.deadline ?? '方案制定中'}</p>
              <button
                type="button"
                className="btn small"
                onClick={() => follow(p)}
                disabled={!!busy}
              >
                已在整改，关注它
              </button>
            </div>
          ))}
        </div>
      )}

      <fieldset>
        <legend>处在哪个阶段？</legend>
        <div className="chips">
          {Object.entries(STAGE_NAMES).map(([code, name]) => (
            <label key={code} className={`chip ${stage === code ? 'on' : ''}`}>
              <input
                type="radio"
                name="stage"
                value={code}
                checked={stage === code}
                onChange={() => setStage(code)}
              />
              {name}
            </label>
          ))}
        </div>
      </fieldset>

      <label className="field">
        <span>问题描述</span>
        <textarea
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          rows={4}
          maxLength={1000}
          placeholder="例如：小区没有养老服务站，老人没有活动的地方"
        />
      </label>

      <div className="field">
        <span>照片（选填，最多 3 张）</span>
        <div className="photos">
          {photos.map((p) => (
            <img key={p.id} src={p.preview} alt="已上传的照片" />
          ))}
          {photos.length < 3 && (
            <label className="add-photo">
              <input
                type="file"
                accept="image/*"
                aria-label="添加照片"
                onChange={(e) => void addPhoto(e.target.files)}
              />
              ＋
            </label>
          )}
        </div>
      </div>

      <div className="two">
        <label className="field">
          <span>称呼（选填）</span>
          <input
            value={contactName}
            onChange={(e) => setContactName(e.target.value)}
            maxLength={30}
          />
        </label>
        <label className="field">
          <span>手机号（选填）</span>
          <input
            value={phone}
            onChange={(e) => setPhone(e.target.value)}
            inputMode="numeric"
            maxLength={11}
            placeholder="便于回访"
          />
        </label>
      </div>

      <label className="check">
        <input
          type="checkbox"
          checked={useLocation}
          onChange={(e) => setUseLocation(e.target.checked)}
        />
        附上我当前的位置（需要您允许定位）
      </label>

      <div className="consent">
        <p>
          <strong>个人信息收集说明：</strong>
          我们只收集您自愿填写的称呼、手机号，以及您同意时的位置和照片，仅用于核实、办理和回访本次反映。手机号加密保存，工作人员看到的是隐去中间四位的号码；办结
          180 天后自动删除联系方式。照片上传前会去除拍摄位置等信息。
        </p>
        <label className="check">
          <input type="checkbox" checked={consent} onChange={(e) => setConsent(e.target.checked)} />
          我已阅读并同意
        </label>
      </div>

      {error && <ErrorLine message={error} />}
      <button type="submit" className="btn wide big" disabled={!!busy}>
        {busy ?? '提交'}
      </button>
    </form>
  );
}
