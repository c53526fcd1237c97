import cliProgress from 'cli-progress';

/** A progress bar on stderr when it is a terminal; otherwise a line every 10 %. */
export function progressBar(label: string, total: number, unit: string) {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {events} Ereignisse | noch {eta_formatted}`,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { events: 0 });
    return {
      update: (value: number, events: number) => bar.update(value, { events }),
      stop: () => bar.stop(),
    };
  }
  let lastDecile = -1;
  return {
    update(value: number, events: number) {
      const decile = Math.floor((value / total) * 10);
      if (decile > lastDecile) {
        lastDecile = decile;
        process.stderr.write(
          `${label}: ${decile * 10} % (${value}/${total} ${unit}, ${events} Ereignisse)\n`,
        );
      }
    },
    stop() {},
  };
}
