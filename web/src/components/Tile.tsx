import { Card, Skeleton, Statistic } from 'antd';
import { Link } from 'react-router-dom';

/** One figure on the home page: what it counts, how many, and where the list is. */
export function Tile(props: {
  title: string;
  value: number | undefined;
  to?: string;
  suffix?: string;
  /** A count that asks for action now (overdue, alerts): red when not zero. */
  urgent?: boolean;
  testId?: string;
}) {
  const value = props.value;
  const body =
    value === undefined ? (
      <Skeleton.Button active size="small" />
    ) : (
      <Statistic
        title={props.title}
        value={value}
        {...(props.suffix ? { suffix: props.suffix } : {})}
        valueStyle={props.urgent && value > 0 ? { color: '#c8102e' } : undefined}
      />
    );
  return (
    <Card size="small" hoverable={Boolean(props.to)} data-testid={props.testId} style={{ minWidth: 150 }}>
      {props.to ? <Link to={props.to}>{body}</Link> : body}
    </Card>
  );
}
