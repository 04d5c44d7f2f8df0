import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { StyleSheet, Text, View } from 'react-native';

import { api, unwrap } from '@/api/client';
import type { KpiReport } from '@/api/types';
import { useProblemMessage } from '@/api/useProblemMessage';
import { useAuth } from '@/auth/AuthProvider';
import { useI18n } from '@/i18n';
import { Button } from '@/ui/Button';
import { RadioGroup } from '@/ui/Choices';
import { Empty, ErrorBanner, Loading, SuccessBanner } from '@/ui/Feedback';
import { Screen, Section } from '@/ui/Screen';
import { TextField } from '@/ui/TextField';
import { colors, space } from '@/ui/theme';

import { BarChart, ColumnChart } from './KpiCharts';
import { StaffLinks } from './StaffLinks';
import { staffRoles } from './staffRoles';

const spans = [8, 12, 26] as const;

/** The product's figures, each against the business plan's target: to be looked at rather than read. */
export function KpiScreen() {
  const { t } = useI18n();
  const problemMessage = useProblemMessage();
  const [weeks, setWeeks] = useState<(typeof spans)[number]>(12);
  const report = useQuery({
    queryKey: ['staff', 'kpis', weeks],
    queryFn: () => unwrap(api.administration.GET('/api/v1/admin/kpis', { params: { query: { weeks } } })),
  });
  return (
    <Screen title={t('staff.kpis.title')}>
      <StaffLinks />
      <RadioGroup label={t('staff.kpis.weeks')} value={weeks} onChange={setWeeks} options={spans.map((value) => ({ value, label: t('staff.kpis.weeksOption', { weeks: value }) }))} />
      {report.isPending ? <Loading label={t('common.loading')} /> : null}
      <ErrorBanner message={problemMessage(report.error)} />
      {report.data ? <Figures report={report.data} /> : null}
      <Rebuild />
    </Screen>
  );
}

const percent = (value: number | string | null | undefined) => (value == null ? '—' : `${Number(value).toLocaleString(undefined, { maximumFractionDigits: 1 })} %`);

function Figures({ report }: { report: KpiReport }) {
  const { t } = useI18n();
  const targets = { activation: Number(report.targets.activationPercent), retention: Number(report.targets.retentionPercent), nps: Number(report.targets.nps) };
  const measured = <T,>(items: T[], value: (item: T) => number | string | null | undefined) => items.filter((item) => value(item) != null).at(-1);
  const lastActivation = measured(report.cohorts, (cohort) => cohort.activationPercent);
  const lastRetention = measured(report.cohorts, (cohort) => cohort.retentionPercent);
  const lastNps = measured(report.nps, (month) => month.score);
  const registered = Number(report.funnel[0]?.members ?? 0);
  const retained = report.cohorts.filter((cohort) => cohort.retentionPercent != null);
  return (
    <>
      <View style={styles.headlines}>
        <Headline label={t('staff.kpis.activation')} value={lastActivation?.activationPercent} target={targets.activation} unit="%" />
        <Headline label={t('staff.kpis.retention')} value={lastRetention?.retentionPercent} target={targets.retention} unit="%" />
        <Headline label={t('staff.kpis.nps')} value={lastNps?.score} target={targets.nps} unit="" />
      </View>

      <Section title={t('staff.kpis.funnel')}>
        <BarChart
          title={t('staff.kpis.funnel')}
          max={registered}
          bars={report.funnel.map((step) => ({
            label: t(`staff.step.${step.step}`),
            value: Number(step.members),
            display: `${Number(step.members)} · ${percent(step.percentOfRegistered)}`,
          }))}
        />
      </Section>

      <Section title={t('staff.kpis.cohorts')}>
        <View accessibilityRole="list" accessibilityLabel={t('staff.kpis.cohorts')} style={styles.table}>
          <View style={[styles.tableRow, styles.tableHead]}>
            <Text style={[styles.cell, styles.weekCell]}>{t('staff.kpis.week')}</Text>
            <Text style={styles.cell}>{t('staff.kpis.members')}</Text>
            <Text style={styles.cell}>{t('staff.kpis.activationShort', { target: targets.activation })}</Text>
            <Text style={styles.cell}>{t('staff.kpis.retentionShort', { target: targets.retention })}</Text>
          </View>
          {report.cohorts.map((cohort) => (
            <View
              key={cohort.week}
              accessible
              accessibilityLabel={t('staff.kpis.cohortRow', {
                week: cohort.week,
                members: Number(cohort.members),
                activation: percent(cohort.activationPercent),
                retention: percent(cohort.retentionPercent),
              })}
              style={styles.tableRow}
            >
              <Text style={[styles.cell, styles.weekCell]}>{cohort.week}</Text>
              <Text style={styles.cell}>{Number(cohort.members)}</Text>
              <Rate value={cohort.activationPercent} target={targets.activation} />
              <Rate value={cohort.retentionPercent} target={targets.retention} />
            </View>
          ))}
        </View>
        {retained.length > 0 ? (
          <BarChart
            title={t('staff.kpis.retentionByCohort')}
            max={100}
            target={targets.retention}
            targetLabel={t('staff.kpis.target', { value: `${targets.retention} %` })}
            bars={retained.map((cohort) => ({ label: cohort.week, value: Number(cohort.retentionPercent), display: percent(cohort.retentionPercent) }))}
          />
        ) : (
          <Empty text={t('staff.kpis.noRetentionYet')} />
        )}
      </Section>

      <Section title={t('staff.kpis.npsTrend')}>
        {report.nps.length > 0 ? (
          <ColumnChart
            title={t('staff.kpis.npsTrend')}
            min={-100}
            max={100}
            target={targets.nps}
            targetLabel={t('staff.kpis.target', { value: String(targets.nps) })}
            columns={report.nps.map((month) => ({
              label: month.month.slice(0, 7),
              value: Number(month.score ?? 0),
              display: month.score == null ? '—' : `${Number(month.score)}`,
            }))}
          />
        ) : (
          <Empty text={t('staff.kpis.noNps')} />
        )}
      </Section>

      <Section title={t('staff.kpis.activity')}>
        <Text style={styles.figure}>
          {t('staff.kpis.active', { today: Number(report.active.today), week: Number(report.active.last7Days), month: Number(report.active.last28Days) })}
        </Text>
        <Text style={styles.caption}>{t('staff.kpis.sessionsPerWeek')}</Text>
        <ColumnChart
          title={t('staff.kpis.sessionsPerWeek')}
          max={Math.max(1, ...report.sessionsPerWeek.map((week) => Number(week.completed)))}
          columns={report.sessionsPerWeek.map((week) => ({ label: week.week.slice(5), value: Number(week.completed), display: String(Number(week.completed)) }))}
        />
        <Text style={styles.figure}>
          {t('staff.kpis.credits', { credits: (Number(report.creditMinutesInCirculation) / 60).toLocaleString(undefined, { maximumFractionDigits: 1 }) })}
        </Text>
      </Section>
    </>
  );
}

/** A headline figure against its target: green when met, red when not, grey while not yet measurable. */
function Headline({ label, value, target, unit }: { label: string; value: number | string | null | undefined; target: number; unit: string }) {
  const { t } = useI18n();
  const known = value != null;
  const met = known && Number(value) >= target;
  const shown = known ? `${Number(value)}${unit ? ` ${unit}` : ''}` : '—';
  return (
    <View
      accessible
      accessibilityLabel={t('staff.kpis.headline', { label, value: shown, target: `${target}${unit ? ` ${unit}` : ''}` })}
      style={[styles.headline, known && (met ? styles.met : styles.missed)]}
    >
      <Text style={styles.headlineLabel}>{label}</Text>
      <Text style={styles.headlineValue}>{shown}</Text>
      <Text style={styles.headlineTarget}>{t('staff.kpis.target', { value: `${target}${unit ? ` ${unit}` : ''}` })}</Text>
    </View>
  );
}

function Rate({ value, target }: { value: number | string | null | undefined; target: number }) {
  const known = value != null;
  return <Text style={[styles.cell, known && (Number(value) >= target ? styles.metText : styles.missedText)]}>{percent(value)}</Text>;
}

/** Admins replay every kept fact into the figures (audited, with a reason). */
function Rebuild() {
  const { t } = useI18n();
  const { roles } = useAuth();
  const problemMessage = useProblemMessage();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const rebuild = useMutation({
    mutationFn: () => unwrap(api.administration.POST('/api/v1/admin/kpis/rebuilding', { body: { reason: reason.trim() } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['staff', 'kpis'] }),
  });
  if (!staffRoles.canRebuild(roles)) {
    return null;
  }
  return (
    <Section title={t('staff.kpis.rebuild')}>
      <Text style={styles.muted}>{t('staff.kpis.rebuildExplained')}</Text>
      <TextField label={t('staff.decision.reason')} value={reason} onChangeText={setReason} maxLength={1000} />
      <ErrorBanner message={problemMessage(rebuild.error)} />
      <SuccessBanner message={rebuild.data ? t('staff.kpis.rebuilt', { facts: Number(rebuild.data.factsReplayed) }) : null} />
      <Button label={t('staff.kpis.rebuild')} variant="secondary" onPress={() => rebuild.mutate()} busy={rebuild.isPending} disabled={reason.trim().length < 10} />
    </Section>
  );
}

const styles = StyleSheet.create({
  headlines: { flexDirection: 'row', flexWrap: 'wrap', gap: space.s },
  headline: { flexGrow: 1, flexBasis: 180, padding: space.m, borderRadius: 8, backgroundColor: colors.surface, gap: 2 },
  met: { backgroundColor: colors.successSurface },
  missed: { backgroundColor: colors.dangerSurface },
  headlineLabel: { fontSize: 13, color: colors.muted },
  headlineValue: { fontSize: 28, fontWeight: '700', color: colors.text },
  headlineTarget: { fontSize: 12, color: colors.muted },
  table: { borderWidth: 1, borderColor: colors.border, borderRadius: 8, overflow: 'hidden' },
  tableRow: { flexDirection: 'row', borderTopWidth: 1, borderTopColor: colors.border },
  tableHead: { backgroundColor: colors.surface, borderTopWidth: 0 },
  cell: { flex: 1, padding: space.s, fontSize: 13, color: colors.text, textAlign: 'right' },
  weekCell: { textAlign: 'left', flex: 1.3 },
  metText: { color: colors.success, fontWeight: '600' },
  missedText: { color: colors.danger, fontWeight: '600' },
  figure: { fontSize: 15, color: colors.text },
  muted: { fontSize: 13, color: colors.muted },
  caption: { fontSize: 13, fontWeight: '600', color: colors.text, paddingTop: space.s },
});
