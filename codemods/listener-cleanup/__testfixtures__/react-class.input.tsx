import React from 'react';

export class Clock extends React.Component<{}, { now: Date }> {
  state = { now: new Date() };

  componentDidMount() {
    setInterval(() => this.setState({ now: new Date() }), 1000);
    document.addEventListener('visibilitychange', this.handleVisibility);
  }

  handleVisibility = () => {
    this.setState({ now: new Date() });
  };

  render() {
    return <time>{this.state.now.toISOString()}</time>;
  }
}
