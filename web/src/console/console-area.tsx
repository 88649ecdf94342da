// 经办机构: the area's screens by route (filled in by its own issue work).
import { Empty } from 'antd';

export function ConsoleArea({ route }: { readonly route: string }) {
  return <Empty description={`经办机构（${route}）建设中`} />;
}
