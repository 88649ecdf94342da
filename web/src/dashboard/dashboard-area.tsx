// 全国监测: the area's screens by route (filled in by its own issue work).
import { Empty } from 'antd';

export function DashboardArea({ route }: { readonly route: string }) {
  return <Empty description={`全国监测（${route}）建设中`} />;
}
