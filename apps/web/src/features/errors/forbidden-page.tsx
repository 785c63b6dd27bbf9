import { useNavigate } from 'react-router';
import { Button, Result } from 'antd';

/** 403: the page exists but the user's roles do not include its permission. */
export function ForbiddenPage() {
  const navigate = useNavigate();
  return (
    <Result
      status="403"
      title="403 无权访问"
      subTitle="抱歉，您的角色没有访问此页面的权限。如需开通，请联系安全管理员授权。"
      extra={
        <Button type="primary" onClick={() => void navigate('/')}>
          返回工作台
        </Button>
      }
    />
  );
}
