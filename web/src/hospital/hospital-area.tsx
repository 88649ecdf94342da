// 医院工作站: the area's screens by route (filled in by its own issue work).
import { Empty } from 'antd';

export function HospitalArea({ route }: { readonly route: string }) {
  return <Empty description={`医院工作站（${route}）建设中`} />;
}
