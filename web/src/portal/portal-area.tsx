// 参保人服务: the area's screens by route (filled in by its own issue work).
import { Empty } from 'antd';

export function PortalArea({ route }: { readonly route: string }) {
  return <Empty description={`参保人服务（${route}）建设中`} />;
}
