import React from 'react';

export class Clock extends React.Component<{}, { now: Date }> {
  state = { now: new Date() };

  componentDidMount() {
    this.tickInterval = setInterval(() => this.setState({ now: new Date() }), 1000);
    document.addEventListener('visibilitychange', this.handleVisibility);
  }

  handleVisibility = () => {
    this.setState({ now: new Date() });
  };
  private tickInterval?: ReturnType<typeof setInterval>;

  render() {
    return <time>{this.state.now.toISOString()}</time>;
  }

  componentWillUnmount(): void {
    document.removeEventListener('visibilitychange', this.handleVisibility);
    clearInterval(this.tickInterval);
  }
}
