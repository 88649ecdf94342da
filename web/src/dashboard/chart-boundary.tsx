// A chart that fails to draw says so in its own card; the rest of the dashboard (and the app) stays up.
import { Alert } from 'antd';
import { Component, type ReactNode } from 'react';

export class ChartBoundary extends Component<{ readonly children: ReactNode }, { readonly failed: boolean }> {
  state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  render() {
    return this.state.failed ? (
      <Alert type="warning" showIcon title="图表无法显示，请刷新页面" />
    ) : (
      this.props.children
    );
  }
}
