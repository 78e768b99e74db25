import { AppError } from '../core'
import { UsageError, type Command } from './command'
import { backupsCommand } from './commands/backups'
import { exportCommand } from './commands/export'
import { importCommand } from './commands/import'
import { initCommand } from './commands/init'
import { settingsCommand } from './commands/settings'
import { statsCommand } from './commands/stats'

const commands: Command[] = [initCommand, settingsCommand, importCommand, statsCommand, exportCommand, backupsCommand]

function help(): string {
  return [
    '收訖回報工作台（Receipt Desk）命令列',
    '',
    '用法：npm run -s cli -- <指令> [選項]',
    '',
    '指令：',
    ...commands.flatMap((c) => [`  ${c.usage}`, `      ${c.summary}`]),
    '',
    '  --help',
    '      顯示這份說明；<指令> --help 顯示該指令的用法',
  ].join('\n')
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(help())
    return 0
  }
  const command = commands.find((c) => c.name === name)
  if (!command) {
    console.error(`沒有「${name}」這個指令。\n\n${help()}`)
    return 1
  }
  if (rest.includes('--help')) {
    console.log(`用法：npm run -s cli -- ${command.usage}\n${command.summary}`)
    return 0
  }
  try {
    return await command.run(rest)
  } catch (error) {
    if (error instanceof UsageError || error instanceof AppError) {
      console.error(error.message)
      return 1
    }
    // parseArgs reports unknown or malformed options as TypeErrors with a `code`.
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      const option = /'([^']+)'/.exec(error.message)?.[1]
      const what = option ? `不認得或缺少值的選項：${option}` : '選項不正確'
      console.error(`${what}\n用法：npm run -s cli -- ${command.usage}`)
      return 1
    }
    throw error
  }
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error('發生未預期的錯誤：', error)
    process.exitCode = 1
  },
)
