// 全国监测: the area's screens by route; #/dashboard is the national statistics of cross-province settlement.
import { NationalDashboard } from './national-dashboard.tsx';

export function DashboardArea(_props: { readonly route: string }) {
  return <NationalDashboard />;
}
