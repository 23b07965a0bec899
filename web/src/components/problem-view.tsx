import type { Problem } from '../api/client';
import { useMessages } from '../i18n/i18n';

/**
 * A refusal in the official's language: what went wrong in plain words, the rule that refused it
 * (by its name, so it can be quoted to a helpdesk), and the service's own detail.
 */
export function ProblemView({ problem }: { problem: Problem }) {
  const t = useMessages();
  const plain =
    problem.status === 0
      ? t.problem.network
      : (problem.rule && t.rules[problem.rule]) || t.problem.status[problem.status] || problem.title || `HTTP ${problem.status}`;
  const fields = (problem.errors ?? []).filter((error): error is string => typeof error === 'string');
  return (
    <div class="problem" role="alert">
      <p class="problem-title">
        <strong>{t.problem.title}</strong> ({problem.status || '—'}): {plain}
      </p>
      {problem.rule && (
        <p class="problem-rule">
          {t.problem.rule}: <code>{problem.rule}</code>
        </p>
      )}
      {fields.length > 0 ? (
        <div>
          <p>{t.problem.fields}:</p>
          <ul>
            {fields.map((field) => (
              <li key={field}>{field}</li>
            ))}
          </ul>
        </div>
      ) : (
        problem.detail && <p class="problem-detail">{problem.detail}</p>
      )}
    </div>
  );
}
